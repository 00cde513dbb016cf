// Bundles the server into dist/server.js and the training worker into dist/train-worker.js (the
// server starts the worker from the file beside itself). Every dependency (core, serialize,
// express, prom-client, zod) is inlined, so the published package has no run-time dependencies
// and installs alone; a dependency that cannot be bundled would have to be listed in
// package.json's dependencies and marked external here.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: {
    // A bundled CommonJS dependency may call require(); give it one.
    js: "#!/usr/bin/env node\nimport { createRequire as __bpnnCreateRequire } from 'node:module';\nconst require = __bpnnCreateRequire(import.meta.url);",
  },
  define: { BPNN_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  logLevel: 'warning',
};
await Promise.all([
  build({ ...common, entryPoints: ['src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['src/train-worker.ts'], outfile: 'dist/train-worker.js' }),
]);
chmodSync('dist/server.js', 0o755);
