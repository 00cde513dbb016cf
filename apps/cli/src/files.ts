/**
 * The CLI's files: reading a data file or stdin (`-`), reading a model in either form, and
 * writing any output by write-to-temp + fsync + rename, so that a file is either the old one or
 * the complete new one, never half written.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, createReadStream, existsSync, fstatSync, fsyncSync, lstatSync, openSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { BpnnError, type Model } from '@bpnn/core';
import { readModel, readModelJson, writeModel, writeModelJson } from '@bpnn/serialize';

/** A file the CLI could not read or write (exit code 1): `cannot read data.csv: no such file`. */
export class FileError extends BpnnError {}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
};

/** Why a system call failed, in words: `permission denied`, `no space left on the device`. */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  return REASONS[code] ?? (error instanceof Error ? error.message : String(error));
}

function fileError(verb: string, path: string, error: unknown): FileError {
  return new FileError(`cannot ${verb} ${path}: ${reasonOf(error)}`);
}

/** The bytes of a file, or of stdin for `-`. */
export function readInput(path: string): Buffer {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw fileError('read', path === '-' ? 'stdin' : path, error);
  }
}

/**
 * A data file (or stdin for `-`) as a stream of chunks, so that a large CSV is parsed as it is
 * read. The file is opened here, so that a missing file is the same clear error as in readInput;
 * an error while reading becomes a FileError too.
 */
export function streamInput(path: string): AsyncIterable<Uint8Array> {
  let fd: number | undefined;
  if (path !== '-') {
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw fileError('read', path, error);
    }
  }
  const stream = fd === undefined ? process.stdin : createReadStream('', { fd });
  return (async function* () {
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } catch (error) {
      throw fileError('read', sourceName(path), error);
    }
  })();
}

/** What a file is called in messages: its path as given, "stdin" for `-`. */
export function sourceName(path: string): string {
  return path === '-' ? 'stdin' : path;
}

/** True when a model path names the JSON form (by its extension). */
export function isJsonPath(path: string): boolean {
  return extname(path).toLowerCase() === '.json';
}

/** The largest model file read (either form): a network of 1 GiB of weights is far beyond what this toolkit trains. */
export const MAX_MODEL_BYTES = 1024 ** 3;

/**
 * The bytes of a model file, or of stdin for `-`: a regular file only (not a device such as
 * /dev/zero, a FIFO or a socket, which could be endless or block for ever), of at most
 * MAX_MODEL_BYTES, counted as it is read too (a file may grow while it is read).
 */
export function readModelInput(path: string, limit = MAX_MODEL_BYTES): Buffer {
  const source = sourceName(path);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before fstat could refuse it.
    fd = path === '-' ? 0 : openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fileError('read', source, error);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new FileError(`cannot read ${source}: it is a directory`);
    if (path !== '-' && !stats.isFile()) throw new FileError(`cannot read ${source}: it is ${kindOf(stats)}, not a regular file`);
    if (stats.size > limit) throw tooLarge(source, limit);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) throw tooLarge(source, limit);
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw error instanceof FileError ? error : fileError('read', source, error);
  } finally {
    if (path !== '-') closeSync(fd);
  }
}

const tooLarge = (source: string, limit: number) => new FileError(`cannot read ${source}: it is larger than a model file can be (${limit} bytes)`);

function kindOf(stats: Stats): string {
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/** A model file in either form: JSON when it starts with `{`, the .bpnn (safetensors) form otherwise. */
export function loadModel(path: string): { model: Model; bytes: Buffer; form: 'bpnn' | 'json' } {
  const bytes = readModelInput(path);
  const source = sourceName(path);
  const first = bytes.subarray(0, 64).toString('latin1').trimStart()[0];
  if (first === '{' || (bytes.length < 8 && isJsonPath(path))) return { model: readModelJson(bytes, { source }), bytes, form: 'json' };
  return { model: readModel(bytes, { source }), bytes, form: 'bpnn' };
}

/** The bytes of a model in the form its path asks for: `.json` the JSON form, else `.bpnn`. */
export function modelBytes(model: Model, path: string): string | Uint8Array {
  return isJsonPath(path) ? writeModelJson(model) : writeModel(model);
}

/**
 * The file a write to `path` replaces: the file a symbolic link points to (`model.bpnn ->
 * models/v3.bpnn` is written through, not replaced by a file of its own), else the path itself.
 */
function writeTarget(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path; // no such file yet, or a link to nothing: the path is made
  }
}

/**
 * Writes a file atomically: a temporary file beside it is written and fsynced, then renamed over
 * the target (and the folder fsynced, where the system allows), so a crash or Ctrl-C leaves the
 * old file or the new one. A symbolic link is written through (writeTarget).
 */
export function writeFileAtomic(given: string, data: string | Uint8Array): void {
  const path = writeTarget(given);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw fileError('write', given, error);
  }
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some systems cannot fsync a folder; the rename has happened all the same.
  }
}

/**
 * Refuses, before any work, an output path (`flag` names it) in a missing folder, on a directory
 * or on what is not a regular file (a device such as /dev/null, a FIFO such as /dev/stdout on a
 * pipe: the rename would replace it by a file), or in a folder where no file can be made
 * (permissions, a read-only or virtual file system such as /proc): writeFileAtomic makes its
 * temporary file there, so a probe file is made and removed.
 */
export function checkWritable(given: string, flag: string): void {
  const stats = existsSync(given) ? statSync(given) : undefined; // (through links: /dev/stdout is the pipe or terminal it points to)
  if (stats?.isDirectory()) throw new FileError(`cannot write ${given} (${flag}): it is a directory`);
  if (stats !== undefined && !stats.isFile()) {
    throw new FileError(`cannot write ${given} (${flag}): it is ${kindOf(stats)}, not a regular file, which the command would replace by a file (it writes a file beside the target and renames it over it)`);
  }
  const path = writeTarget(given);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FileError(`cannot write ${given} (${flag}): the folder ${dir} does not exist`);
  const probe = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.probe`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FileError(`cannot write ${given} (${flag}): ${code === 'ENOENT' ? `no file can be made in ${dir}` : reasonOf(error)}`);
  }
  rmSync(probe, { force: true });
}
