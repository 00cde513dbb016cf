// Bundles the server into one file, dist/server.js.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  banner: {
    // A bundled CommonJS dependency may call require(); give it one.
    js: "#!/usr/bin/env node\nimport { createRequire as __bpnnCreateRequire } from 'node:module';\nconst require = __bpnnCreateRequire(import.meta.url);",
  },
  define: { BPNN_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  logLevel: 'warning',
});
chmodSync('dist/server.js', 0o755);
