/** Runs a program as a user would: a separate Node process, from the repository's root. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../', import.meta.url));
export const DATA = fileURLToPath(new URL('../../data/', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node file` in `cwd` (default the repository's root). */
export function node(file: string, cwd = ROOT): Run {
  const run = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
