import { defineConfig } from 'vitest/config';

// TypeDoc type-checks both packages before it writes anything: on a busy 2-core machine that takes
// half a minute or more.
export default defineConfig({
  test: { testTimeout: 180_000, hookTimeout: 180_000 },
});
