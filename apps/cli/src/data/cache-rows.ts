/**
 * The rows of a cache file (data-cache.ts) as core's RowSource, read with positioned reads, so
 * core trains from the file without holding it: inputs as they are, targets as class indices
 * (classification: each code mapped to the class's place among the sorted classes) or numbers
 * (regression: a cell that is not a number is an error naming its row and column).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { DataError, type FloatArray, type RowSource } from '@bpnn/core';
import { rowBytes, type CacheFooter } from './data-cache.js';

/** How the targets are read: class indices through `classOfCode`, or the numbers. */
export type CacheTargets = { task: 'classification'; classOfCode: number[] } | { task: 'regression' };

/** A RowSource over a cache file; `close()` lets go of the file. */
export interface CacheRows extends RowSource {
  close(): void;
}

export function cacheRows(path: string, footer: CacheFooter, targets: CacheTargets, source: string): CacheRows {
  const n = footer.inputNames.length;
  const m = footer.targetNames.length;
  const { bytes, inputBytes } = rowBytes(footer);
  const fd = openSync(path, 'r');
  let buffer = new ArrayBuffer(0);
  let stored: Float32Array | Float64Array = new Float64Array(0); // the rows' inputs, in the cache's dtype
  let numbers = new Float64Array(0); // the rows' target numbers and codes
  return {
    rows: footer.rows,
    inputSize: n,
    outputSize: targets.task === 'classification' ? 1 : m,
    read(start: number, count: number, inputs: FloatArray, out: FloatArray) {
      if (buffer.byteLength < count * bytes) {
        buffer = new ArrayBuffer(count * bytes);
        stored = footer.request.dtype === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer);
        numbers = new Float64Array(buffer);
      }
      const view = new Uint8Array(buffer, 0, count * bytes);
      for (let done = 0; done < view.length; ) {
        const read = readSync(fd, view, done, view.length - done, start * bytes + done);
        if (read === 0) throw new DataError(`${path}: the cache file ended early; delete it and run again`);
        done += read;
      }
      const perInput = stored.BYTES_PER_ELEMENT;
      for (let r = 0; r < count; r++) {
        const row = (r * bytes) / perInput;
        for (let c = 0; c < n; c++) inputs[r * n + c] = stored[row + c];
        const at = (r * bytes + inputBytes) / 8; // the target numbers, then their codes
        if (targets.task === 'classification') out[r] = targets.classOfCode[numbers[at + m]];
        else {
          for (let j = 0; j < m; j++) {
            const value = numbers[at + j];
            if (!Number.isFinite(value)) {
              const code = numbers[at + m + j];
              const cell = code >= 0 ? JSON.stringify(footer.labels[j]![code]) : 'a cell that is not a number';
              throw new DataError(`${source}: data row ${start + r + 1} target ${JSON.stringify(footer.targetNames[j])} must be a number for regression, got ${cell}`);
            }
            out[r * m + j] = value;
          }
        }
      }
    },
    close: () => closeSync(fd),
  };
}
