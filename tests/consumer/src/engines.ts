/**
 * Which installed packages would not run on some Node 20: every package.json under a
 * node_modules folder is read, and its `engines.node` range must admit Node 20.0.0, the oldest
 * Node our packages promise (`"engines": { "node": ">=20" }`). npm itself only warns
 * (EBADENGINE), and only when the running Node is outside the range.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

export const OLDEST_NODE = '20.0.0';

export interface EngineProblem {
  name: string;
  version: string;
  node: string;
}

/** Every package installed under `nodeModules` (nested node_modules included). */
export function installedPackages(nodeModules: string): { dir: string; manifest: { name: string; version: string; engines?: { node?: string } } }[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory() || entry.name.startsWith('.')) return [];
    const dir = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) return installedPackages(dir);
    const file = join(dir, 'package.json');
    if (!existsSync(file)) return [];
    return [{ dir, manifest: JSON.parse(readFileSync(file, 'utf8')) }, ...installedPackages(join(dir, 'node_modules'))];
  });
}

/** The installed packages whose engines.node range leaves out Node 20.0.0. */
export function enginesProblems(nodeModules: string, skip: readonly string[] = []): EngineProblem[] {
  return installedPackages(nodeModules)
    .filter(({ manifest }) => !skip.includes(manifest.name))
    .flatMap(({ manifest }) => {
      const node = manifest.engines?.node;
      if (node === undefined || semver.satisfies(OLDEST_NODE, node)) return [];
      return [{ name: manifest.name, version: manifest.version, node }];
    });
}
