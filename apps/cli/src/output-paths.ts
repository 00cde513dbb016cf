/**
 * The files a command writes, checked before any work: each output in an existing folder and not
 * a directory (files.ts's checkWritable), not `-` unless the command writes that output to stdout,
 * and never the same file as one of the command's inputs or another of its outputs. "The same
 * file" is by device and inode for a file that exists (so `./a.csv`, `a.csv`, a hard link and a
 * symbolic link to it are one file), else by the real path of its folder and its name.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './exit-codes.js';
import { checkWritable } from './files.js';

/** A path a command reads or writes, and what names it in messages: `--out`, `<data>`. */
export interface NamedPath {
  name: string;
  path: string;
  /** An output that `-` sends to stdout (predict's --out); elsewhere `-` is refused. */
  stdout?: boolean;
  /** An output the command makes first thing, saying itself why it cannot (--stream's cache): no probe here. */
  checkedWhenMade?: boolean;
}

/** What identifies a file: device and inode when it exists, else its folder's real path and its name. */
function identity(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return `inode ${stats.dev}:${stats.ino}`;
  } catch {
    try {
      return `path ${join(realpathSync(dirname(path)), basename(path))}`;
    } catch {
      return undefined; // a missing folder: checkWritable says so
    }
  }
}

/**
 * Refuses (UsageError, exit 2) an output that is an input or another output; `-` as an input is
 * stdin, which no output can be. Outputs left undefined (flags not given) are skipped.
 */
export function checkOutputs(inputs: readonly (NamedPath | undefined)[], outputs: readonly (NamedPath | undefined)[]): void {
  const seen: { named: NamedPath; id: string; input: boolean }[] = [];
  for (const input of inputs) {
    if (input === undefined || input.path === '-') continue;
    const id = identity(input.path);
    if (id !== undefined) seen.push({ named: input, id, input: true });
  }
  for (const output of outputs) {
    if (output === undefined) continue;
    if (output.path === '-') {
      if (output.stdout === true) continue;
      throw new UsageError(`${output.name} - would write a file named "-": this command writes ${output.name} to a file only, so give a file name`);
    }
    if (output.checkedWhenMade !== true) checkWritable(output.path, output.name);
    const id = identity(output.path);
    const same = seen.find((s) => s.id === id);
    if (same !== undefined) {
      const input = same.input ? ', which the command reads' : '';
      throw new UsageError(`${output.name} ${JSON.stringify(output.path)} is the same file as ${same.named.name} ${JSON.stringify(same.named.path)}${input}; give ${output.name} another path`);
    }
    if (id !== undefined) seen.push({ named: output, id, input: false });
  }
}
