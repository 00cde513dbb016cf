/**
 * The inputs' array of a CSV table (csv-table.ts), (rows, width) in the dtype asked for, as rows
 * come: grown by the share of the input read so far when the input's size is known (so that it is
 * allocated about once), else by half again; trimmed to the rows read at the end; and the array of
 * each row's line in the file, grown likewise.
 */
import type { DType, FloatArray } from '@bpnn/core';

export function floatArray(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** What grows the array: the input's size in bytes, when known, and the bytes of the rows read so far. */
export interface GrowthHint {
  byteLength?: number;
  bytesSeen: number;
}

/**
 * `block`, full with `rows` rows of `width`, copied into room for more: as many as the input's size
 * suggests, from the bytes per row so far and a margin of 1 %, else half as many again.
 */
export function grownRows(block: FloatArray, rows: number, width: number, dtype: DType, { byteLength, bytesSeen }: GrowthHint): FloatArray {
  let capacity = Math.ceil(rows * 1.5) + 1024;
  if (byteLength !== undefined && bytesSeen > 0) capacity = Math.max(Math.ceil(((rows * byteLength) / bytesSeen) * 1.01) + 1024, Math.ceil(rows * 1.0625));
  const grown = floatArray(dtype, capacity * width);
  grown.set(block);
  return grown;
}

/**
 * The first `rows` rows of `block`, (rows, width): the array itself, or a view of its first rows
 * when the room left is small (at most an eighth), else a copy of just the rows.
 */
export function filledRows(block: FloatArray, rows: number, width: number, dtype: DType): FloatArray {
  const length = rows * width;
  if (block.length === length) return block;
  if (block.length - length <= length / 8) return block.subarray(0, length);
  const out = floatArray(dtype, length);
  out.set(block.subarray(0, length));
  return out;
}

/** `lines` (rows) with row `row`'s line set, grown (doubled) when full. */
export function withLine(lines: Int32Array, row: number, line: number): Int32Array {
  if (row === lines.length) {
    const grown = new Int32Array(Math.max(1024, lines.length * 2));
    grown.set(lines);
    lines = grown;
  }
  lines[row] = line;
  return lines;
}
