import { defineConfig } from 'vitest/config';

// One test file whose tests share one temporary project: packing and installing take tens of
// seconds on a busy 2-core machine, and each check runs real processes (npm, tsc, node).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
