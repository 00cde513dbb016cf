// Bundles the server into dist/server.js, the training worker into dist/train-worker.js, the
// prediction pool's worker into dist/pool-worker.js (the server starts both from beside itself), and
// the web page into dist/web (served at /): index.html, app.js (web/src, with data/iris.csv as text)
// and app.css, all local. Core, serialize, express, prom-client and zod are inlined; piscina stays
// external (it starts its workers from its own files, in the server and in the pool's worker), and
// so do pg and pg-boss (pg loads pg-native when present): they are the package's run-time dependencies.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';

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
  // piscina finds its own worker file beside itself (__dirname): it stays a dependency, not bundled.
  build({ ...common, entryPoints: ['src/server.ts'], outfile: 'dist/server.js', external: ['piscina', 'pg', 'pg-boss'] }),
  build({ ...common, entryPoints: ['src/train-worker.ts'], outfile: 'dist/train-worker.js' }),
  // The pool's worker imports piscina's `move` (to hand a read model back without a copy): the same
  // piscina module that runs it, so that piscina recognises what `move` marks.
  build({ ...common, entryPoints: ['src/pool-worker.ts'], outfile: 'dist/pool-worker.js', external: ['piscina'] }),
  build({ entryPoints: ['web/src/main.ts'], outfile: 'dist/web/app.js', bundle: true, platform: 'browser', target: 'es2022', format: 'esm', minify: true, sourcemap: false, loader: { '.csv': 'text' }, logLevel: 'warning' }),
  build({ entryPoints: ['web/style.css'], outfile: 'dist/web/app.css', bundle: true, minify: true, logLevel: 'warning' }),
]);
mkdirSync('dist/web', { recursive: true });
copyFileSync('web/index.html', 'dist/web/index.html');
chmodSync('dist/server.js', 0o755);
