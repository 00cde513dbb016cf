import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // src, web: tests beside the code; test: the web page's, in a real browser.
    include: ['src/**/*.test.ts', 'web/**/*.test.ts', 'test/**/*.test.ts'],
    // One file at a time: the files start servers, worker threads and processes, and the
    // workspace's other packages test alongside on a 2-core machine.
    fileParallelism: false,
    // Every test bounds its own waits; these are the backstops against a hang.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
});
