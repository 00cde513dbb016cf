#!/usr/bin/env node
/**
 * Import cycles between the source files of each package and app (STYLE.md rule 13: imports run
 * one way; a class does not import what drives it, a registry imports its members and they import
 * a small shared file). Every relative import and re-export counts, `import type` too (as madge
 * counts them: a type cycle is a design cycle). Prints each cycle as a path and exits 1 if there
 * is one; the root `pnpm test` runs it first.
 *
 *   node scripts/import-cycles.mjs [folder …]     (default: packages/*\/src and apps/*\/src)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = /\.(ts|mts|cts|tsx)$/;
const IMPORT = /(?:^|[;\s])(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\s*\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s*['"](\.[^'"]+)['"]/gm;

/** Every source file under `folder`, tests and generated files included. */
function sources(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names: `./train.js` is `./train.ts`. */
function target(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.(m|c)?js$/, '.$1ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((path) => SOURCE.test(path) && existsSync(path));
}

/** The import graph of the files under `folder`: file → the files it imports. */
export function importGraph(folder) {
  const graph = new Map();
  for (const file of sources(folder)) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const edges = new Set();
    for (const match of text.matchAll(IMPORT)) {
      const to = target(file, match[1] ?? match[2] ?? match[3]);
      if (to !== undefined) edges.add(to);
    }
    graph.set(file, [...edges]);
  }
  return graph;
}

/** One cycle (a path that starts and ends at the same file) per strongly connected group of files. */
export function cycles(graph) {
  const found = [];
  const state = new Map(); // 1 on the current path, 2 done
  const path = [];
  const visit = (file) => {
    state.set(file, 1);
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 1) found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 2);
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const folders = process.argv.length > 2
    ? process.argv.slice(2)
    : ['packages', 'apps'].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name, 'src'))).filter((path) => existsSync(path));
  const all = folders.flatMap((folder) => cycles(importGraph(folder)));
  for (const cycle of all) console.log(`import cycle: ${cycle.map((file) => relative(root, file)).join(' → ')}`);
  console.log(all.length === 0 ? `no import cycles in ${folders.length} source folders` : `${all.length} import cycle(s): a class must not import what drives it (STYLE.md rule 13)`);
  process.exit(all.length === 0 ? 0 : 1);
}
