// Bundles the page (src/main.ts) and its training worker (src/worker.ts) into dist/, with the page.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const here = new URL('.', import.meta.url);
mkdirSync(new URL('dist', here), { recursive: true });
await build({
  entryPoints: { main: 'src/main.ts', worker: 'src/worker.ts' },
  absWorkingDir: here.pathname,
  outdir: 'dist',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'chrome120',
  sourcemap: true,
  logLevel: 'warning',
});
copyFileSync(new URL('index.html', here), new URL('dist/index.html', here));
