/**
 * The published packages, used as a consumer uses them after `npm publish`: every package is
 * packed with pnpm, and the tarballs are installed with npm into a project under the system's
 * temporary folder (no workspace links). There the repository's examples run, TypeScript 5 reads
 * the types under four module resolutions, CommonJS require()s the libraries, the command-line
 * tools install alone with `npm i -g` and work, a web page's bundle needs no Node built-in, and a
 * page built by Vite runs in Chromium.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, runPage } from './browser.js';
import { enginesProblems } from './engines.js';
import { PUBLISHED, ROOT, tarballFiles, workspaceVersion, type PackageName } from './pack.js';
import { createProject, installGlobally, type ConsumerProject } from './project.js';
import { run } from './run.js';
import { SAVE_MODEL, startServer } from './server.js';
import { CHROMIUM, runInChromium, STRICT_CSP, viteBuild } from './vite-page.js';

const FIXTURES = join(ROOT, 'tests/consumer/fixtures');
const XOR = [0, 1, 1, 0];
// Without Chromium there is no browser to run the Vite page in: that test is skipped, and says so,
// except where BPNN_REQUIRE_BROWSER=1 (.ci/run) makes it fail (as in tests/browser).
const hasChromium = existsSync(CHROMIUM) || process.env.BPNN_REQUIRE_BROWSER === '1';
if (!hasChromium) console.warn(`the Vite page is not run: ${CHROMIUM} is missing (apt-get install chromium)`);
let project: ConsumerProject;

beforeAll(async () => {
  project = await createProject();
  for (const name of ['consumer.ts', 'commonjs.cjs', 'dual.mjs', 'page.js', 'page-core.js']) copyFileSync(join(FIXTURES, name), join(project.dir, name));
  copyFileSync(join(FIXTURES, 'consumer.ts'), join(project.dir, 'consumer.cts'));
});
afterAll(() => project?.remove());

describe('the tarballs', () => {
  it.each(Object.keys(PUBLISHED) as PackageName[])('%s is publishable: public, MIT with its LICENSE, Node >=20, no source maps, every file its package.json names', async (name) => {
    const { tarball, manifest } = project.packed[name];
    const files = await tarballFiles(tarball);
    expect(manifest.name).toBe(name);
    expect(manifest.version).toBe(workspaceVersion(name));
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines?.node).toBe('>=20');
    expect(files).toContain('LICENSE');
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(Object.values(manifest.dependencies ?? {}).filter((range) => range.startsWith('workspace:'))).toEqual([]);
    const named = [manifest.main, manifest.module, manifest.types, ...Object.values(manifest.bin ?? {}), ...exportTargets(manifest.exports)];
    const missing = named.filter((file): file is string => file !== undefined).map((file) => file.replace(/^\.\//, '')).filter((file) => !files.includes(file));
    expect(missing).toEqual([]);
  });

  it('the commands bundle bpnn: @bpnn/cli has no run-time dependency, @bpnn/server none of @bpnn/*', () => {
    expect(project.packed['@bpnn/cli'].manifest.dependencies).toBeUndefined();
    expect(Object.keys(project.packed['@bpnn/server'].manifest.dependencies ?? {}).filter((name) => name.startsWith('@bpnn/'))).toEqual([]);
  });

  it.each(['@bpnn/core', '@bpnn/serialize'] as const)('%s exports every entry to ES module and CommonJS users, types first', (name) => {
    const exports = project.packed[name].manifest.exports as Record<string, unknown>;
    for (const [subpath, target] of Object.entries(exports)) {
      if (subpath === './package.json') continue;
      const conditions = target as Record<string, Record<string, string>>;
      expect(Object.keys(conditions), subpath).toEqual(['import', 'require']);
      expect(Object.keys(conditions.import), subpath).toEqual(['types', 'default']);
      expect(Object.keys(conditions.require), subpath).toEqual(['types', 'default']);
      expect(conditions.require.default, subpath).toMatch(/^\.\/dist\/cjs\//);
    }
  });

  it('every installed package supports Node 20 (engines), and npm warned of nothing', () => {
    expect(enginesProblems(join(project.dir, 'node_modules'), ['typescript'])).toEqual([]);
    expect(project.installWarnings).not.toMatch(/EBADENGINE|ERESOLVE|deprecated/);
  });

  it('@arethetypeswrong/cli finds no type resolution problem in @bpnn/core and @bpnn/serialize (node10, node16 from CJS and ESM, bundler)', async () => {
    const attw = join(ROOT, 'tests/consumer/node_modules/.bin/attw');
    for (const name of ['@bpnn/core', '@bpnn/serialize'] as const) {
      const { stdout } = await run(attw, [project.packed[name].tarball, '--format', 'json'], { cwd: project.dir });
      const report = JSON.parse(stdout) as { analysis: { problems: unknown[] } };
      expect(report.analysis.problems, name).toEqual([]);
    }
  });
});

describe('in a consumer project', () => {
  it('every examples/*.mjs of the repository runs with Node and exits 0', async () => {
    const examples = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.mjs'));
    expect(examples).toContain('xor.mjs');
    cpSync(join(ROOT, 'data'), join(project.dir, 'data'), { recursive: true });
    mkdirSync(join(project.dir, 'examples'), { recursive: true });
    for (const example of examples) {
      copyFileSync(join(ROOT, 'examples', example), join(project.dir, 'examples', example));
      const { stdout } = await run(process.execPath, [join('examples', example)], { cwd: project.dir, timeout: 120_000 });
      expect(stdout.length, `${example} printed nothing`).toBeGreaterThan(0);
    }
  });

  // Which declaration file TypeScript must read for each resolution: the ES module types for an
  // ES module or a bundler, the CommonJS types (dist/cjs) for CommonJS and for node10's `types`
  // (and typesVersions, for @bpnn/core/worker). No project here has @types/node, and only the
  // bundler one (a web page's) has the DOM library; the ES modules are also checked with
  // exactOptionalPropertyTypes and verbatimModuleSyntax, as strict projects set them.
  const nodeLib = ['--lib', 'es2022'];
  const strictEsm = ['--exactOptionalPropertyTypes', '--verbatimModuleSyntax'];
  const resolutions = [
    { resolution: 'node10', args: ['--module', 'commonjs', '--moduleResolution', 'node10', ...nodeLib], file: 'consumer.ts', types: 'dist/cjs/' },
    { resolution: 'node16', args: ['--module', 'node16', '--moduleResolution', 'node16', ...nodeLib, ...strictEsm], file: 'consumer.ts', types: 'dist/' },
    { resolution: 'node16', args: ['--module', 'node16', '--moduleResolution', 'node16', ...nodeLib], file: 'consumer.cts', types: 'dist/cjs/' },
    { resolution: 'nodenext', args: ['--module', 'nodenext', '--moduleResolution', 'nodenext', ...nodeLib, ...strictEsm], file: 'consumer.ts', types: 'dist/' },
    { resolution: 'nodenext', args: ['--module', 'nodenext', '--moduleResolution', 'nodenext', ...nodeLib], file: 'consumer.cts', types: 'dist/cjs/' },
    { resolution: 'bundler', args: ['--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom', ...strictEsm], file: 'consumer.ts', types: 'dist/' },
  ];
  // Concurrent: each tsc takes seconds, mostly its own start-up and reading lib.d.ts.
  it.concurrent.for(resolutions)('TypeScript 5 type-checks $file under moduleResolution $resolution with --strict, reading $types', async ({ args, file, types }, { expect }) => {
    const tsc = join(project.dir, 'node_modules/typescript/bin/tsc');
    const { stdout: version } = await run(process.execPath, [tsc, '--version'], { cwd: project.dir });
    expect(version).toMatch(/^Version 5\./);
    // skipDefaultLibCheck: TypeScript's own lib.*.d.ts are not checked again; our declarations are.
    const flags = ['--noEmit', '--strict', '--target', 'es2022', '--skipDefaultLibCheck', '--pretty', 'false', '--listFiles'];
    const { stdout } = await run(process.execPath, [tsc, ...flags, ...args, file], { cwd: project.dir, show: 'head' });
    const read = stdout.split('\n').filter((line) => line.includes('/node_modules/@bpnn/'));
    for (const name of ['core', 'serialize']) expect(read).toContain(join(project.dir, 'node_modules/@bpnn', name, types, 'index.d.ts'));
    expect(read).toContain(join(project.dir, 'node_modules/@bpnn/core', types, 'worker/index.d.ts'));
  });

  it('require() loads the CommonJS builds (with require(esm) off where Node has it): trains XOR, saves to .bpnn bytes, reads them back', async () => {
    const noRequireEsm = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module') ? ['--no-experimental-require-module'] : [];
    const { stdout } = await run(process.execPath, [...noRequireEsm, 'commonjs.cjs'], { cwd: project.dir });
    const result = JSON.parse(stdout) as { resolved: Record<string, string>; bytes: number; predictions: number[]; readBack: number[]; refused: string };
    expect(result.resolved.core).toBe(join(project.dir, 'node_modules/@bpnn/core/dist/cjs/index.js'));
    expect(result.resolved.serialize).toBe(join(project.dir, 'node_modules/@bpnn/serialize/dist/cjs/index.js'));
    expect(result.predictions.map(Math.round)).toEqual(XOR);
    expect(result.readBack).toEqual(result.predictions);
    expect(result.bytes).toBeGreaterThan(8);
    expect(result.refused).toMatch(/^layers\[1\] /);
  });

  it('with both builds loaded in one program (the dual-package hazard), errors of one copy are instanceof the other copy\'s classes; other classes are not shared', async () => {
    const { stdout } = await run(process.execPath, ['dual.mjs'], { cwd: project.dir });
    expect(JSON.parse(stdout)).toEqual({
      twoCopies: true,
      configError: true,
      configErrorIsBpnnError: true,
      configErrorIsDataError: false,
      formatError: true,
      networkAcrossCopies: false, // as the README says: load bpnn one way in a program
    });
  });

  it('a web page bundled with esbuild for the browser needs no Node built-in from @bpnn/core, and runs without Node', async () => {
    const page = await bundleForBrowser(project.dir, 'page-core.js');
    expect(page.nodeBuiltins).toEqual([]);
    expect(JSON.parse(runPage(page.code)).map(([y]: number[]) => Math.round(y))).toEqual(XOR);
  });

  it('a web page bundled with esbuild for the browser needs no Node built-in from @bpnn/core and @bpnn/serialize, and runs without Node', async () => {
    const page = await bundleForBrowser(project.dir, 'page.js');
    expect(page.nodeBuiltins).toEqual([]);
    expect(JSON.parse(runPage(page.code)).map(([y]: number[]) => Math.round(y))).toEqual(XOR);
  });

  it.skipIf(!hasChromium)('a page built by Vite for production runs in Chromium, isolated and under a strict CSP: XOR on the inlined wasm kernels, in a Web Worker through trainInWorker, through .bpnn bytes, and a network split over threads, with the numbers Node gets', async () => {
    const pageDir = join(project.dir, 'vite-page');
    cpSync(join(FIXTURES, 'vite'), pageDir, { recursive: true });
    const files = Object.keys(await viteBuild(pageDir));
    // The page's script and its worker's; the kernels travel inside them (base64), not as a .wasm to fetch.
    expect(files.filter((file) => file.endsWith('.js'))).toHaveLength(2);
    expect(files.filter((file) => !/\.(js|html)$/.test(file))).toEqual([]);
    const node = JSON.parse((await run(process.execPath, ['node.js'], { cwd: pageDir })).stdout) as { small: number[]; wide: number[]; backends: string[]; split: { outputs: number[] } };
    expect(node.backends).toEqual(['js', 'wasm']);
    // Cross-origin isolated, and again under a strict Content-Security-Policy (no eval; before it was
    // honoured, the threads' new Function made training throw an EvalError there).
    for (const csp of [undefined, STRICT_CSP]) {
      const page = await runInChromium(join(pageDir, 'dist'), csp);
      expect(page.crossOriginIsolated, csp).toBe(true);
      expect(page.backends, csp).toEqual(['js', 'wasm']);
      expect(page.kernels, csp).toBe('simd');
      expect(page.wide.map(Math.round), csp).toEqual(XOR);
      expect(page.wide, csp).toEqual(node.wide); // float32 on the plain SIMD build: the same bits in every engine
      expect(page.worker, csp).toEqual(page.wide); // trainInWorker trains as fit does, to the bit
      expect(page.reloaded, csp).toEqual(page.wide);
      expect(page.small.map(Math.round), csp).toEqual(XOR);
      // The js backend calls Math.exp, which Chromium and Node may round apart in the last bit.
      page.small.forEach((y, i) => expect(Math.abs(y - node.small[i]), csp).toBeLessThan(1e-12));
      // Split over Web Workers where the page allows it (threads 'auto': up to 4), on one thread
      // where it forbids eval; the same bits either way, and as Node's.
      expect(page.split.threadsUsed, csp).toBe(csp === undefined ? Math.min(page.hardwareConcurrency, 4) : 1);
      expect(page.split.outputs, csp).toEqual(node.split.outputs);
    }
  });
});

describe('the commands, each installed alone with npm i -g', () => {
  it('bpnn (@bpnn/cli) installs with no dependency, trains on a CSV and predicts with the model', async () => {
    const { bin, stderr } = await installGlobally(project, project.packed['@bpnn/cli'].tarball, 'cli-prefix');
    const installed = join(bin, '..', 'lib/node_modules/@bpnn/cli');
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
    expect(stderr).not.toMatch(/EBADENGINE/);
    const bpnn = join(bin, 'bpnn');
    const work = join(project.dir, 'cli-work');
    mkdirSync(work);
    copyFileSync(join(ROOT, 'data/iris.csv'), join(work, 'iris.csv'));
    expect((await run(bpnn, ['--version'], { cwd: work })).stdout.trim()).toBe(workspaceVersion('@bpnn/cli'));
    expect((await run(bpnn, ['--help'], { cwd: work })).stdout).toMatch(/Usage: bpnn/);
    await run(bpnn, ['train', 'iris.csv', '--target', 'species', '--out', 'iris.bpnn', '--seed', '1'], { cwd: work });
    const { stdout } = await run(bpnn, ['predict', 'iris.bpnn', 'iris.csv'], { cwd: work });
    const [header, ...labels] = stdout.trim().split('\n');
    expect(header).toBe('species');
    const actual = readFileSync(join(work, 'iris.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(',').at(-1));
    expect(labels).toHaveLength(150);
    const right = labels.filter((label, i) => label === actual[i]).length;
    expect(right / 150).toBeGreaterThan(0.9);
  });

  it('bpnn-server (@bpnn/server) installs alone (its dependencies support Node 20), serves a model the library wrote and predicts with it', async () => {
    const { bin, stderr } = await installGlobally(project, project.packed['@bpnn/server'].tarball, 'server-prefix');
    expect(enginesProblems(join(bin, '..', 'lib/node_modules'))).toEqual([]);
    expect(stderr).not.toMatch(/EBADENGINE/);
    const models = join(project.dir, 'server-models');
    mkdirSync(models);
    writeFileSync(join(project.dir, 'save-model.mjs'), SAVE_MODEL);
    await run(process.execPath, ['save-model.mjs', join(ROOT, 'data/iris.csv'), join(models, 'iris.bpnn')], { cwd: project.dir });
    const server = await startServer(join(bin, 'bpnn-server'), models);
    try {
      const response = await fetch(`${server.url}/v1/models/iris/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]] }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { labels: string[] }).labels).toEqual(['setosa', 'virginica']);
    } finally {
      server.stop();
    }
  });
});

/** The files an `exports` map points at. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}
