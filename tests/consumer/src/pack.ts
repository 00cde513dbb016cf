/**
 * The published packages as npm would receive them: `pnpm pack` in each package folder (which
 * rewrites `workspace:*` into the version), one tarball each, in a folder of the caller's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './run.js';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every package the repository publishes, by name, with its folder. */
export const PUBLISHED = {
  '@bpnn/core': 'packages/core',
  '@bpnn/serialize': 'packages/serialize',
  '@bpnn/cli': 'apps/cli',
  '@bpnn/server': 'apps/server',
} as const;

export type PackageName = keyof typeof PUBLISHED;

export interface Packed {
  /** The tarball's path. */
  tarball: string;
  /** The package.json inside the tarball, as published. */
  manifest: Manifest;
}

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  main?: string;
  module?: string;
  types?: string;
  exports?: unknown;
  engines?: { node?: string };
  license?: string;
  dependencies?: Record<string, string>;
}

/** pnpm as the README runs it (the workspace's pinned version). */
export const PNPM = ['-y', 'pnpm@12.4.2'];

export async function packAll(destination: string): Promise<Record<PackageName, Packed>> {
  const names = Object.keys(PUBLISHED) as PackageName[];
  const packed = await Promise.all(
    names.map(async (name) => {
      const folder = join(ROOT, PUBLISHED[name]);
      const { stdout } = await run('npx', [...PNPM, 'pack', '--pack-destination', destination], { cwd: folder });
      const tarball = stdout.trim().split('\n').find((line) => line.endsWith('.tgz'));
      if (tarball === undefined) throw new Error(`pnpm pack in ${folder} named no .tgz file; it printed:\n${stdout}`);
      const { stdout: json } = await run('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: destination });
      return [name, { tarball, manifest: JSON.parse(json) as Manifest }] as const;
    }),
  );
  return Object.fromEntries(packed) as Record<PackageName, Packed>;
}

/** The files of a tarball, as paths inside the package (without npm's `package/` prefix). */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], { cwd: ROOT });
  return stdout.trim().split('\n').map((line) => line.replace(/^package\//, ''));
}

/** The workspace's own version of a package, from its package.json. */
export function workspaceVersion(name: PackageName): string {
  return (JSON.parse(readFileSync(join(ROOT, PUBLISHED[name], 'package.json'), 'utf8')) as Manifest).version;
}
