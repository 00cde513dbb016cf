// Bundles the benchmark into dist/bench.js; the digits data set is read from data/ at run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/bench.ts'],
  outfile: 'dist/bench.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: {
    js: "import { createRequire as __bpnnCreateRequire } from 'node:module';\nconst require = __bpnnCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
