import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Backstops against a hang, not timings: the workspace's packages test side by side on 2 cores,
    // and a training test that takes 1.5 s alone can take several times that on a loaded machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
