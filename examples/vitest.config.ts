import { defineConfig } from 'vitest/config';

// The tests spawn Node programs that train networks (and compile the READMEs' code): on a busy
// 2-core machine one can take longer than vitest's 5 s default without anything being wrong.
export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 120_000 },
});
