// Bundles the CLI into one file, dist/bpnn.js, with the demo data set embedded as text and every
// dependency inlined (core, serialize, commander), so that the published package installs alone
// and has no run-time dependencies. The training thread is the same file (src/entry.ts).
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/entry.ts'],
  outfile: 'dist/bpnn.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  loader: { '.csv': 'text' },
  banner: {
    // A bundled CommonJS dependency may call require(); give it one.
    js: "#!/usr/bin/env node\nimport { createRequire as __bpnnCreateRequire } from 'node:module';\nconst require = __bpnnCreateRequire(import.meta.url);",
  },
  define: { BPNN_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  logLevel: 'warning',
});
chmodSync('dist/bpnn.js', 0o755);
