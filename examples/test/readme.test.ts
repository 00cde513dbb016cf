/**
 * The READMEs' TypeScript is real: every ```ts block of the root README and of
 * packages/core/README.md is compiled as its own module under `strict` by the workspace's tsc,
 * against the built @bpnn/core and @bpnn/serialize as a user's project sees them (their .d.ts
 * files checked too), and run with node in a folder where `data/` is the bundled data sets. Lines
 * `// → …` in a block are what it prints: the run's output must be exactly those lines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA, EXAMPLES, node, ROOT } from './run.js';

const READMES = ['README.md', 'packages/core/README.md'];

interface Block {
  /** The README and the line of the block's first line of code, for messages: `README.md:270`. */
  where: string;
  /** The module's file name: `README.md-270.ts`. */
  file: string;
  code: string;
  /** The `// →` lines, in order. */
  prints: string[];
}

/** The ```ts blocks of a markdown file. */
function tsBlocks(readme: string): Block[] {
  const text = readFileSync(join(ROOT, readme), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => {
    const line = text.slice(0, match.index).split('\n').length + 1;
    const code = match[1];
    const prints = code.split('\n').flatMap((l) => (l.startsWith('// → ') ? [l.slice('// → '.length)] : []));
    return { where: `${readme}:${line}`, file: `${readme.replaceAll('/', '_')}-${line}.ts`, code, prints };
  });
}

const blocks = READMES.flatMap(tsBlocks);
const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

let dir: string;
let compiled: { code: number | null; output: string };

beforeAll(() => {
  // A user's project: ESM, strict, the packages in node_modules, the data sets in data/.
  dir = mkdtempSync(join(tmpdir(), 'bpnn-readme-'));
  symlinkSync(join(EXAMPLES, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(DATA, join(dir, 'data'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const compilerOptions = { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], noEmitOnError: true };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: blocks.map((b) => b.file) }));
  for (const block of blocks) writeFileSync(join(dir, block.file), block.code);
  const run = spawnSync(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  // `README.md-270.ts(5,3): error …` reads better as `README.md:274 (5,3 of the block): error …`.
  const output = (run.stdout + run.stderr).replace(/(\S+?)-(\d+)\.ts\((\d+),(\d+)\)/g, (_, readme: string, line: string, row: string, col: string) =>
    `${readme.replaceAll('_', '/')}:${Number(line) + Number(row) - 1} (${row},${col} of the block)`);
  compiled = { code: run.status, output };
});

describe('the READMEs\' TypeScript', () => {
  it('has blocks in both READMEs, and the ones that print say what', () => {
    for (const readme of READMES) expect(blocks.some((b) => b.where.startsWith(`${readme}:`)), readme).toBe(true);
    expect(blocks.filter((b) => b.code.includes('console.log')).every((b) => b.prints.length > 0)).toBe(true);
  });

  it('compiles under tsc --strict', () => {
    expect(compiled.output).toBe('');
    expect(compiled.code).toBe(0);
  });

  it.each(blocks.map((b) => [b.where, b] as const))('%s runs and prints what its // → lines say', (_, block) => {
    expect(compiled.code, 'the blocks did not compile').toBe(0);
    const run = node(join(dir, block.file.replace(/\.ts$/, '.js')), dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/\n$/, '').split('\n')).toEqual(block.prints);
  });
});
