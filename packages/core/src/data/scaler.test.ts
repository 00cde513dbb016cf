import { describe, expect, it } from 'vitest';
import { Matrix } from './matrix.js';
import { Random } from '../random.js';
import { fitScaler, scale, type ScalingName } from './scaler.js';

/** fitScaler as it was written before it went row by row: one column at a time (the reference). */
function columnByColumn(kind: ScalingName, x: Matrix) {
  const offset = new Array<number>(x.cols).fill(0);
  const by = new Array<number>(x.cols).fill(1);
  if (kind === 'none' || x.rows === 0) return { kind, offset, scale: by };
  for (let c = 0; c < x.cols; c++) {
    if (kind === 'standard') {
      let mean = 0;
      for (let r = 0; r < x.rows; r++) mean += x.get(r, c);
      mean /= x.rows;
      let variance = 0;
      for (let r = 0; r < x.rows; r++) variance += (x.get(r, c) - mean) ** 2;
      const std = Math.sqrt(variance / x.rows);
      offset[c] = mean;
      by[c] = std > 0 ? std : 1;
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (let r = 0; r < x.rows; r++) {
        min = Math.min(min, x.get(r, c));
        max = Math.max(max, x.get(r, c));
      }
      offset[c] = min;
      by[c] = max > min ? max - min : 1;
    }
  }
  return { kind, offset, scale: by };
}

describe('fitScaler and scale', () => {
  it('give the bits of the column-at-a-time reference on random matrices of both dtypes, constant columns and −0 included', () => {
    const random = new Random(5);
    for (let run = 0; run < 200; run++) {
      const rows = Math.floor(random.next() * 40);
      const cols = 1 + Math.floor(random.next() * 6);
      const data = Array.from({ length: rows * cols }, (_, k) => (k % cols === 0 ? -0 : k % cols === 1 ? 3 : (random.next() - 0.5) * 10 ** Math.floor(random.next() * 12 - 4)));
      for (const x of [new Matrix(rows, cols, Float64Array.from(data)), new Matrix(rows, cols, Float32Array.from(data))]) {
        for (const kind of ['standard', 'minmax', 'none'] as const) {
          const want = columnByColumn(kind, x);
          const got = fitScaler(kind, x);
          expect(got.offset.map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(want.offset.map((v) => Object.is(v, -0) ? '-0' : v));
          expect(got.scale).toEqual(want.scale);
          const scaled = scale(got, x, 'float64');
          for (let k = 0; k < rows * cols; k++) expect(Object.is(scaled.data[k], (x.data[k] - want.offset[k % cols]) / want.scale[k % cols])).toBe(true);
        }
      }
    }
  });
});
