// Builds a library package's CommonJS copy, run from the package's folder after tsc has written
// the ES modules and their declarations to dist/. For every entry of package.json's `exports`
// whose `import` is ./dist/X.js, esbuild bundles src/X.ts into dist/cjs/X.js, so that require()
// works on every Node 20, not only on 20.19+ with require(esm). Other @bpnn packages stay
// require() calls (one copy of core's classes for serialize and its user); third-party
// dependencies are inlined, as some of the entries used are ES modules only
// (csv-parse/browser/esm/sync). dist/cjs/package.json says "type": "commonjs", and the declarations are copied
// there unchanged: TypeScript then reads dist/cjs/*.d.ts as CommonJS types and dist/*.d.ts as ES
// module types, each for the file beside it (node16/nodenext, bundler, and node10 through `types`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const entries = Object.entries(pkg.exports ?? {}).flatMap(([subpath, target]) => {
  const file = typeof target === 'object' ? target.import?.default : undefined;
  const match = typeof file === 'string' ? /^\.\/dist\/(?!cjs\/)(.+)\.js$/.exec(file) : null;
  if (match === null) return [];
  return [{ subpath, name: match[1] }];
});
if (entries.length === 0) throw new Error(`${pkg.name}: package.json exports name no ./dist/*.js import entry to build for CommonJS`);

rmSync('dist/cjs', { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(entries.map(({ name }) => [name, `src/${name}.ts`])),
  outdir: 'dist/cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['@bpnn/*'],
  logLevel: 'warning',
});
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');

/** Every .d.ts under dist/ (outside dist/cjs), as paths relative to dist/. */
function declarations(folder = '') {
  return readdirSync(join('dist', folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return path === 'cjs' ? [] : declarations(path);
    return entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
for (const path of declarations()) {
  mkdirSync(dirname(join('dist/cjs', path)), { recursive: true });
  copyFileSync(join('dist', path), join('dist/cjs', path));
}
console.log(`${pkg.name}: CommonJS build of ${entries.map(({ subpath }) => subpath).join(', ')} in dist/cjs`);
