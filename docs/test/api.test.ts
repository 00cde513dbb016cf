/**
 * The API reference builds from the doc comments with every warning an error (an export missing
 * from an index, a broken {@link}, an undocumented exported symbol), and it covers the public API:
 * every name @bpnn/core and @bpnn/serialize export at run time has its entry, in its package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const DOCS = fileURLToPath(new URL('../', import.meta.url));
const TYPEDOC = join(dirname(createRequire(import.meta.url).resolve('typedoc/package.json')), 'bin', 'typedoc');

interface Reflection {
  name: string;
  children?: Reflection[];
}

let run: { code: number | null; output: string };
let modules: Map<string, Set<string>>;

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'bpnn-api-'));
  const result = spawnSync(process.execPath, [TYPEDOC, '--out', join(out, 'html'), '--json', join(out, 'api.json')], {
    cwd: DOCS,
    encoding: 'utf8',
    timeout: 170_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  run = { code: result.status, output: result.stdout + result.stderr };
  const project = result.status === 0 ? (JSON.parse(readFileSync(join(out, 'api.json'), 'utf8')) as Reflection) : { name: '', children: [] };
  modules = new Map((project.children ?? []).map((m) => [m.name, new Set((m.children ?? []).map((c) => c.name))]));
});

describe('the API reference (pnpm api-docs)', () => {
  it('builds with no warnings', () => {
    expect(run.output.split('\n').filter((l) => /warning|error/i.test(l))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it.each(['@bpnn/core', '@bpnn/serialize'])('documents every run-time export of %s', async (name) => {
    const exported = Object.keys(await import(name));
    expect(exported.length).toBeGreaterThan(10);
    const documented = modules.get(name);
    expect(documented, `a module named ${name}`).toBeDefined();
    expect(exported.filter((e) => !documented!.has(e))).toEqual([]);
  });
});
