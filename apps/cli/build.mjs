// Bundles the CLI into dist/bpnn.js, with the demo data set embedded as text, and the training
// thread into dist/train-worker.js (train-protocol.ts starts it from beside bpnn.js).
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

await build({
  entryPoints: { bpnn: 'src/bpnn.ts', 'train-worker': 'src/train-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  loader: { '.csv': 'text' },
  banner: {
    // A bundled CommonJS dependency may call require(); give it one.
    js: "#!/usr/bin/env node\nimport { createRequire as __bpnnCreateRequire } from 'node:module';\nconst require = __bpnnCreateRequire(import.meta.url);",
  },
  define: { BPNN_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  logLevel: 'warning',
});
chmodSync('dist/bpnn.js', 0o755);
