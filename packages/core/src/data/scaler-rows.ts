/**
 * fitScaler (scaler.ts) for data that is not held: the same statistics from a row source, read a
 * block at a time, for the inputs and the targets in the same passes. Each column's sums run over
 * the rows in the same order as fitScaler's loops, so each scaler is the same to the last bit: the
 * mean (or the minimum and maximum) in one pass, then for standard scaling the variance around the
 * mean in a second (the two-pass formula, which a one-pass update would only approximate).
 */
import { ConfigError, show } from '../errors.js';
import { forEachBlock, type RowSource } from './row-source.js';
import { SCALING_NAMES, type Scaler, type ScalingName } from './scaler.js';

/** Rows read at a time. */
const BLOCK_ROWS = 8192;

/** The sums of one part's columns (inputs or targets) over the rows. */
class ColumnStatistics {
  readonly sum: Float64Array; // then the mean
  readonly squares: Float64Array; // Σ (x − mean)²
  readonly min: Float64Array;
  readonly max: Float64Array;

  constructor(readonly kind: ScalingName, readonly cols: number) {
    this.sum = new Float64Array(cols);
    this.squares = new Float64Array(cols);
    this.min = new Float64Array(cols).fill(Infinity);
    this.max = new Float64Array(cols).fill(-Infinity);
  }

  /** Pass 1: sums (standard) or extremes (minmax) of a block, (count, cols). */
  first(block: Float64Array, count: number): void {
    const { cols, sum, min, max } = this;
    if (this.kind === 'standard') for (let r = 0; r < count; r++) for (let c = 0; c < cols; c++) sum[c] += block[r * cols + c];
    else if (this.kind === 'minmax') {
      for (let r = 0; r < count; r++) {
        for (let c = 0; c < cols; c++) {
          min[c] = Math.min(min[c], block[r * cols + c]);
          max[c] = Math.max(max[c], block[r * cols + c]);
        }
      }
    }
  }

  /** Pass 2 (standard): squared distances from the mean, which `sum` holds by then. */
  second(block: Float64Array, count: number): void {
    const { cols, sum: mean, squares } = this;
    for (let r = 0; r < count; r++) for (let c = 0; c < cols; c++) squares[c] += (block[r * cols + c] - mean[c]) ** 2;
  }

  scaler(rows: number): Scaler {
    const offset = new Array<number>(this.cols).fill(0);
    const scale = new Array<number>(this.cols).fill(1);
    for (let c = 0; c < this.cols && rows > 0; c++) {
      if (this.kind === 'standard') {
        const std = Math.sqrt(this.squares[c] / rows);
        offset[c] = this.sum[c];
        scale[c] = std > 0 ? std : 1;
      } else if (this.kind === 'minmax') {
        offset[c] = this.min[c];
        scale[c] = this.max[c] > this.min[c] ? this.max[c] - this.min[c] : 1;
      }
    }
    return { kind: this.kind, offset, scale };
  }
}

function checkKind(kind: ScalingName, field: string): void {
  if (!SCALING_NAMES.includes(kind)) throw new ConfigError(field, `must be one of ${SCALING_NAMES.join(', ')}, got ${show(kind)}`);
}

/**
 * The scalers of those kinds fitted to the source's inputs and (when a kind is given) its
 * targets, in at most two passes over the source.
 */
export function fitScalersOfRows(source: RowSource, kinds: { inputs: ScalingName; targets?: ScalingName }): { inputs: Scaler; targets?: Scaler } {
  checkKind(kinds.inputs, 'scaling');
  if (kinds.targets !== undefined) checkKind(kinds.targets, 'targetScaling');
  const x = new ColumnStatistics(kinds.inputs, source.inputSize);
  const y = kinds.targets === undefined ? null : new ColumnStatistics(kinds.targets, source.outputSize);
  const parts = y === null ? [x] : [x, y];
  const rows = source.rows;
  if (rows > 0 && parts.some((p) => p.kind !== 'none')) {
    forEachBlock(source, BLOCK_ROWS, (inputs, targets, count) => {
      x.first(inputs, count);
      y?.first(targets, count);
    });
    for (const p of parts) if (p.kind === 'standard') for (let c = 0; c < p.cols; c++) p.sum[c] /= rows;
    if (parts.some((p) => p.kind === 'standard')) {
      forEachBlock(source, BLOCK_ROWS, (inputs, targets, count) => {
        if (x.kind === 'standard') x.second(inputs, count);
        if (y?.kind === 'standard') y.second(targets, count);
      });
    }
  }
  return y === null ? { inputs: x.scaler(rows) } : { inputs: x.scaler(rows), targets: y.scaler(rows) };
}

/** The scaler of that kind fitted to the source's inputs (or its targets). */
export function fitScalerOfRows(kind: ScalingName, source: RowSource, part: 'inputs' | 'targets', field = 'scaling'): Scaler {
  checkKind(kind, field);
  if (part === 'inputs') return fitScalersOfRows(source, { inputs: kind }).inputs;
  return fitScalersOfRows(source, { inputs: 'none', targets: kind }).targets!;
}
