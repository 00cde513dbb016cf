/**
 * `bpnn train --stream`'s cache: a CSV data set parsed once into a binary file beside it,
 * `DATA.csv.bpnn-cache`, which training reads a block at a time (cache-rows.ts), so a file larger
 * than memory trains in bounded memory. Later runs reuse the cache while the CSV's size, device and
 * inode, modification time and change time (ctime: any write or `touch` sets it to now, and nothing
 * sets it back, so a CSV rewritten to its old size and mtime is still seen as changed), and the
 * columns, delimiter, encoding and decimal mark asked for, are the ones it was made from; otherwise it is made again (by write-to-temp +
 * rename, so a half-written cache is never read).
 *
 * Layout, little-endian, row by row: the inputs as read, in the network's dtype (as the in-memory
 * reader gives them), padded to a multiple of 8 bytes; then as float64s each target cell as a
 * number (NaN when it is not one) and each one's code (its index in the footer's `labels` for that
 * column, first seen first, or −1 for a column of more than 65,536 distinct cells). Then the
 * footer, UTF-8 JSON (CacheFooter), and the footer's length in bytes as a u64. A missing value
 * (--missing mean) is NaN, which training fills. A CSV with columns
 * of categories is read twice: once for their categories (readCsvCategories), then in blocks of
 * their 0/1 inputs, which the cache holds as it holds any input.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { BpnnError, type CategoricalInput, type DType } from '@bpnn/core';
import { CategoriesFirstError, readCsvBlocks, readCsvCategories, type CsvBlock } from '@bpnn/serialize';
import { FileError, reasonOf, sourceName, streamInput } from '../files.js';

export const CACHE_VERSION = 2;

/** What the cache holds and what it was made from. */
export interface CacheFooter {
  version: number;
  /** The CSV it was made from (csvIdentity). */
  csv: CsvIdentity;
  /** The columns it was made for. */
  request: { target: string[]; features: string[] | null; delimiter: string; encoding: string; decimal: '.' | ','; thousands: '.' | null; dtype: DType; categorical: string[] | null; missing: boolean };
  /** The inputs of a row: a column of categories as its 0/1 inputs. */
  inputNames: string[];
  /** The columns of categories and their categories (empty when none). */
  categorical: CategoricalInput[];
  targetNames: string[];
  rows: number;
  /** Per target column: the distinct cells, first seen first, or null for more than 65,536. */
  labels: (string[] | null)[];
}

/** The cache of a CSV file, and whether this run made it. */
export interface Cache {
  path: string;
  footer: CacheFooter;
  made: boolean;
}

export interface CacheRequest {
  target: string[];
  features?: string[];
  /** Columns to read as categories besides those found (--categorical). */
  categorical?: string[];
  /** Take missing values (--missing mean): NaN in the cache, which training fills. */
  missing?: boolean;
  delimiter?: string;
  /** The CSV's character encoding (--encoding), default utf-8: a file read in another is other data. */
  encoding?: string;
  /** The CSV's decimal mark (--decimal), default '.', and its thousands separator (--thousands): `1,5` is other data than `1.5`. */
  decimal?: '.' | ',';
  thousands?: '.';
  dtype: DType;
}

/** Bytes per row: the inputs in `dtype` padded to 8 bytes, and two float64s per target. */
export function rowBytes(footer: Pick<CacheFooter, 'inputNames' | 'targetNames' | 'request'>): { bytes: number; inputBytes: number } {
  const inputBytes = Math.ceil((footer.inputNames.length * (footer.request.dtype === 'float32' ? 4 : 8)) / 8) * 8;
  return { bytes: inputBytes + 16 * footer.targetNames.length, inputBytes };
}

/** What identifies a CSV's content without reading it: size, device and inode, and its times in ns (as text, for JSON). */
export interface CsvIdentity {
  size: number;
  dev: string;
  ino: string;
  mtimeNs: string;
  ctimeNs: string;
}

export function csvIdentity(csv: string): CsvIdentity {
  let stats;
  try {
    stats = statSync(csv, { bigint: true });
  } catch (error) {
    throw new FileError(`cannot read ${csv}: ${reasonOf(error)}`); // as readInput says it: a missing file is no internal error
  }
  return { size: Number(stats.size), dev: String(stats.dev), ino: String(stats.ino), mtimeNs: String(stats.mtimeNs), ctimeNs: String(stats.ctimeNs) };
}

/** What the cache's reuse compares, for messages. */
export const CACHE_KEY = "the CSV's size, inode, modification time and change time";

/** The cache's file name for a CSV file. */
export function cachePath(csv: string): string {
  return `${csv}.bpnn-cache`;
}

/** The cache of `csv` for these columns: the one beside it when still valid, else a new one. */
export async function openCache(csv: string, request: CacheRequest): Promise<Cache> {
  const path = cachePath(csv);
  const identity = csvIdentity(csv);
  const wanted = { target: request.target, features: request.features ?? null, delimiter: request.delimiter ?? ',', encoding: request.encoding ?? 'utf-8', decimal: request.decimal ?? '.', thousands: request.thousands ?? null, dtype: request.dtype, categorical: request.categorical ?? null, missing: request.missing === true };
  const existing = readFooter(path);
  if (existing !== null && existing.version === CACHE_VERSION && JSON.stringify(existing.csv) === JSON.stringify(identity) && JSON.stringify(existing.request) === JSON.stringify(wanted)) {
    return { path, footer: existing, made: false };
  }
  const temp = `${path}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (error) {
    throw cacheError(path, csv, error);
  }
  try {
    let position = 0;
    const columns = { target: request.target, features: request.features, delimiter: request.delimiter, encoding: request.encoding, decimal: request.decimal, thousands: request.thousands, source: sourceName(csv), missing: request.missing === true };
    const write = (block: CsvBlock) => {
      const n = block.inputs.length / block.rows;
      const m = request.target.length;
      const { bytes, inputBytes } = rowBytes({ inputNames: new Array<string>(n), targetNames: request.target, request: wanted });
      const buffer = new ArrayBuffer(block.rows * bytes);
      const inputs = request.dtype === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer);
      const targets = new Float64Array(buffer);
      for (let r = 0; r < block.rows; r++) {
        inputs.set(block.inputs.subarray(r * n, (r + 1) * n), (r * bytes) / inputs.BYTES_PER_ELEMENT);
        const at = (r * bytes + inputBytes) / 8; // the row's target numbers, then their codes
        for (let j = 0; j < m; j++) {
          targets[at + j] = block.number(r, j);
          targets[at + m + j] = block.code(r, j);
        }
      }
      position += writeSync(fd, new Uint8Array(buffer), 0, buffer.byteLength, position);
    };
    // Columns of categories (found on the first row, or named) need their categories first: a second pass.
    let categories = request.categorical === undefined ? undefined : await readCsvCategories(streamInput(csv), { ...columns, categorical: request.categorical });
    let summary;
    try {
      summary = await readCsvBlocks(streamInput(csv), { ...columns, dtype: request.dtype, ...(categories !== undefined && { categories }) }, write);
    } catch (error) {
      if (!(error instanceof CategoriesFirstError) || categories !== undefined) throw error;
      categories = await readCsvCategories(streamInput(csv), columns);
      position = 0; // nothing was written: the error came at the first row
      summary = await readCsvBlocks(streamInput(csv), { ...columns, dtype: request.dtype, categories }, write);
    }
    const footer: CacheFooter = { version: CACHE_VERSION, csv: identity, request: wanted, ...summary };
    const json = Buffer.from(JSON.stringify(footer), 'utf8');
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(json.length));
    position += writeSync(fd, json, 0, json.length, position);
    writeSync(fd, length, 0, 8, position);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
    return { path, footer, made: true };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    // The CSV's own errors (DataError, FileError) pass as they are; a failed write of the cache is said so.
    throw error instanceof BpnnError || typeof (error as { code?: unknown }).code !== 'string' ? error : cacheError(path, csv, error);
  }
}

/** The cache beside the CSV could not be written: why, and what to do (exit 1). */
function cacheError(path: string, csv: string, error: unknown): FileError {
  return new FileError(`cannot write the cache ${path} beside ${csv}: ${reasonOf(error)} (--stream keeps its cache beside the CSV: copy the CSV to a folder you can write, or leave out --stream)`);
}

/** The footer of a cache file, or null when there is no readable one. */
export function readFooter(path: string): CacheFooter | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < 8) return null;
    const length = Buffer.alloc(8);
    readSync(fd, length, 0, 8, size - 8);
    const jsonLength = Number(length.readBigUInt64LE());
    if (jsonLength > size - 8) return null;
    const json = Buffer.alloc(jsonLength);
    readSync(fd, json, 0, jsonLength, size - 8 - jsonLength);
    const footer = JSON.parse(json.toString('utf8')) as CacheFooter;
    return footer.rows * rowBytes(footer).bytes + jsonLength + 8 === size ? footer : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
