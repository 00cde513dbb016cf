import { defineConfig } from 'vitest/config';

// A test starts Chromium and trains several networks in it, twice: far beyond vitest's 5 s default
// on a busy 2-core machine, without anything being wrong.
export default defineConfig({
  test: { testTimeout: 180_000, hookTimeout: 180_000 },
});
