// Builds a library package's CommonJS copy, run from the package's folder after tsc has written
// the ES modules and their declarations to dist/. For every entry of package.json's `exports`
// whose `import` is ./dist/X.js, esbuild bundles src/X.ts into dist/cjs/X.js, so that require()
// works on every Node 20, not only on 20.19+ with require(esm). Other @bpnn packages stay
// require() calls (one copy of core's classes for serialize and its user); third-party
// dependencies are inlined, as some of the entries used are ES modules only
// (csv-parse/browser/esm/sync). dist/cjs/package.json says "type": "commonjs", and the
// declarations are copied there unchanged: TypeScript then reads dist/cjs/*.d.ts as CommonJS
// types and dist/*.d.ts as ES module types, each for the file beside it (node16/nodenext,
// bundler, and node10 through `types`). Each entry is bundled whole: two entries of one package
// would each hold their own copy of the files they share.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
/**
 * The entries to build: every subpath of `exports` but ./package.json must read
 * { import: { types, default: ./dist/X.js }, require: { types, default: ./dist/cjs/X.js } }.
 */
const entries = Object.entries(pkg.exports ?? {}).flatMap(([subpath, target]) => {
  if (subpath === './package.json') return [];
  const name = /^\.\/dist\/(?!cjs\/)(.+)\.js$/.exec(target?.import?.default ?? target?.default ?? '')?.[1];
  const wanted = name === undefined ? undefined : {
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
    require: { types: `./dist/cjs/${name}.d.ts`, default: `./dist/cjs/${name}.js` },
  };
  if (wanted === undefined || JSON.stringify(target) !== JSON.stringify(wanted)) {
    const example = JSON.stringify(wanted ?? { import: { types: './dist/X.d.ts', default: './dist/X.js' }, require: { types: './dist/cjs/X.d.ts', default: './dist/cjs/X.js' } });
    console.error(`${pkg.name}: package.json exports["${subpath}"] must be ${example} (types first, for ES module and CommonJS users), got ${JSON.stringify(target)}`);
    process.exit(1);
  }
  return [{ subpath, name }];
});
if (entries.length === 0) {
  console.error(`${pkg.name}: package.json exports name no entry to build for CommonJS`);
  process.exit(1);
}

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
