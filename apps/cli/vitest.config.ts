import { defineConfig } from 'vitest/config';

// The tests spawn the built command, several times in some tests: on a busy 2-core machine a
// test can take longer than vitest's 5 s default without anything being wrong.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
