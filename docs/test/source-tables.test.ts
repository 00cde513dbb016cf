/**
 * The "Source, one concept per file" tables of the packages' READMEs are the source's table of
 * contents: every file a table names exists where the table puts it, and every source file is
 * named. Files move into folders and new ones appear; this catches a table left behind.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A README with a source table, and the folders whose files it must name (relative to the package). */
const PACKAGES = [
  { dir: 'packages/core', sources: ['src', 'assembly'] },
  { dir: 'packages/serialize', sources: ['src'] },
  { dir: 'apps/cli', sources: ['src'] },
  { dir: 'apps/server', sources: ['src', 'web/src'] },
];

const SOURCE = /^[\w./-]+\.(ts|mts|cts|mjs|cjs|js)$/;

/** The Markdown table rows of the section whose heading starts with `## Source`, as cells. */
export function sourceTableRows(readme: string): string[][] {
  const start = readme.search(/^## Source\b/m);
  if (start < 0) return [];
  const rest = readme.slice(start + 1);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1) // the header row
    .map((line) =>
      line
        .replace(/\\\|/g, '\u0000') // an escaped | inside a cell
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.replace(/\u0000/g, '|').trim()),
    );
}

/**
 * The files each row names, as paths relative to the package: a row's folder (`network/`, or
 * `src/` and "src/ itself" for the source root) carries down to the rows that leave it blank; a
 * name in backticks is looked for in that folder, then in the source root, then in the package; a
 * name that is a link (`[`defaults.ts`](../core/src/defaults.ts)`) is the file it links to, and
 * `*.ts` is every source file of the folder.
 * A name not found anywhere is returned as it would be in the row's folder, so that it fails.
 */
export function namedFiles(packageDir: string, rows: string[][]): { row: string; path: string }[] {
  let folder = 'src';
  const named: { row: string; path: string }[] = [];
  for (const [folderCell, ...cells] of rows) {
    const given = /^`([^`]+)`$/.exec(folderCell)?.[1] ?? (folderCell.startsWith('src/') ? 'src/' : undefined);
    if (given !== undefined) folder = given === 'src/' ? 'src' : join('src', given);
    const text = cells.join(' ');
    // A name that links to its file (another package's, say) is that file.
    for (const [, name, link] of text.matchAll(/\[`([^`]+)`\]\(([^)#\s]+)\)/g)) {
      if (SOURCE.test(name)) named.push({ row: folderCell || folder, path: relative(packageDir, resolve(packageDir, link)) });
    }
    for (const [, name] of text.replace(/\[`[^`]+`\]\([^)]*\)/g, '').matchAll(/`([^`]+)`/g)) {
      if (name === '*.ts') named.push(...sourceFiles(packageDir, folder).filter((f) => !f.slice(folder.length + 1).includes('/')).map((path) => ({ row: folderCell || folder, path })));
      if (!SOURCE.test(name)) continue;
      const candidates = [join(folder, name), join('src', name), name];
      const found = candidates.find((c) => existsSync(join(packageDir, c)) && statSync(join(packageDir, c)).isFile());
      named.push({ row: folderCell || folder, path: found ?? candidates[0] });
    }
  }
  return named;
}

/** The source files below `folder` (relative to `packageDir`), tests and declarations aside. */
function sourceFiles(packageDir: string, folder: string): string[] {
  const path = join(packageDir, folder);
  if (!existsSync(path)) return [];
  return readdirSync(path).flatMap((name) => {
    const child = join(folder, name);
    if (statSync(join(packageDir, child)).isDirectory()) return sourceFiles(packageDir, child);
    return SOURCE.test(name) && !/\.test\.|\.d\.ts$/.test(name) ? [child] : [];
  });
}

describe('the source tables of the READMEs', () => {
  it('reads a table: folders carry down, names resolve in the folder, the root or the package', () => {
    const rows = sourceTableRows('# x\n\n## Source, one concept per file\n\n| folder | file | what |\n| --- | --- | --- |\n| `src/` | `index.ts` | all; see `other.ts` |\n|  | `a \\| b` | no file |\n| `training/` | `train.ts` | `scripts/build-wasm.mjs` writes it; [`random.ts`](src/random.ts) |\n\n## Next\n\n| `x/` | `y.ts` | not in the section |\n');
    expect(rows).toEqual([
      ['`src/`', '`index.ts`', 'all; see `other.ts`'],
      ['', '`a | b`', 'no file'],
      ['`training/`', '`train.ts`', '`scripts/build-wasm.mjs` writes it; [`random.ts`](src/random.ts)'],
    ]);
    const core = join(ROOT, 'packages/core');
    expect(namedFiles(core, rows).map((n) => n.path)).toEqual(['src/index.ts', 'src/other.ts', 'src/random.ts', 'src/training/train.ts', 'scripts/build-wasm.mjs']);
  });

  it.each(PACKAGES)('$dir/README.md names files that exist, and every source file', ({ dir, sources }) => {
    const packageDir = join(ROOT, dir);
    const rows = sourceTableRows(readFileSync(join(packageDir, 'README.md'), 'utf8'));
    expect(rows.length).toBeGreaterThan(10);
    const named = namedFiles(packageDir, rows);
    expect(named.filter((n) => !existsSync(join(packageDir, n.path))).map((n) => `${n.row}: ${n.path}`), 'named in the table but missing').toEqual([]);
    const paths = new Set(named.map((n) => n.path));
    const unnamed = sources.flatMap((folder) => sourceFiles(packageDir, folder)).filter((file) => !paths.has(file));
    expect(unnamed.map((file) => relative(ROOT, join(packageDir, file))), 'source files the table does not name').toEqual([]);
  });
});
