import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One file at a time: the files start servers, worker threads and processes, and the
    // workspace's other packages test alongside on a 2-core machine.
    fileParallelism: false,
    // Every test bounds its own waits; these are the backstops against a hang.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    projects: [
      // src, web: tests beside the code.
      { extends: true, test: { name: 'server', include: ['src/**/*.test.ts', 'web/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      // test/web: the web page's, in a real browser, one file at a time in a group of their own
      // (vitest runs it before the other files, never beside them). Each file starts its own server
      // and browser and leaves nothing behind, so the files share one module graph (isolate: false)
      // rather than each importing the whole server again.
      { extends: true, test: { name: 'web page', include: ['test/**/*.test.ts'], isolate: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
