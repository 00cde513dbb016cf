/**
 * The files a command writes, checked before any work: each output in an existing folder and not
 * a directory (files.ts's checkWritable), not `-` unless the command writes that output to stdout,
 * never the same file as one of the command's inputs or another of its outputs, and a model saved
 * (train's --out, …) not under a name of a format bpnn export writes (m.onnx). "The same
 * file" is by device and inode for a file that exists (so `./a.csv`, `a.csv`, a hard link and a
 * symbolic link to it are one file), else by the real path of its folder and its name.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
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
  /** A bpnn model the command saves (.bpnn, or .json for its JSON form): a name of another format is refused. */
  model?: boolean;
}

/** The formats bpnn export writes, by the extensions that name them: a model saved under one would be a .bpnn file in disguise. */
const EXPORTED: Record<string, string> = { '.onnx': 'an ONNX', '.net': 'a FANN .net', '.mjs': 'a JavaScript', '.cjs': 'a JavaScript', '.js': 'a JavaScript' };

/** Refuses a model path whose extension names a format the model is exported to, not saved as. */
function checkModelPath(output: NamedPath): void {
  const extension = extname(output.path).toLowerCase();
  const format = EXPORTED[extension];
  if (format === undefined) return;
  const saved = `${output.path.slice(0, output.path.length - extension.length)}.bpnn`;
  throw new UsageError(
    `${output.name} ${JSON.stringify(output.path)} names ${format} file, but the command saves a bpnn model (.bpnn, or .json for its JSON form): save it as ${JSON.stringify(saved)}, then write the other format with bpnn export ${JSON.stringify(saved)} -o ${JSON.stringify(output.path)}`,
  );
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
 * Refuses (UsageError, exit 2) an empty path, and an output that is an input or another output;
 * `-` as an input is stdin, which no output can be. Paths left undefined (flags not given) are skipped.
 */
export function checkOutputs(inputs: readonly (NamedPath | undefined)[], outputs: readonly (NamedPath | undefined)[]): void {
  const seen: { named: NamedPath; id: string; input: boolean }[] = [];
  for (const input of inputs) {
    if (input?.path === '') throw new UsageError(`${input.name} is empty: give a file name`);
    if (input === undefined || input.path === '-') continue;
    const id = identity(input.path);
    if (id !== undefined) seen.push({ named: input, id, input: true });
  }
  for (const output of outputs) {
    if (output === undefined) continue;
    if (output.path === '') throw new UsageError(`${output.name} is empty: give a file name`);
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
    if (output.model === true) checkModelPath(output);
    if (id !== undefined) seen.push({ named: output, id, input: false });
  }
}
