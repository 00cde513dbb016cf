/**
 * fitScaler (scaler.ts) for data that is not held: the same statistics from a row source, read a
 * block at a time. Each column's sums run over the rows in the same order as fitScaler's loops,
 * so the scaler is the same to the last bit: the mean in one pass, then the variance around it in
 * a second (the two-pass formula, which a one-pass update would only approximate).
 */
import { ConfigError, show } from './errors.js';
import { forEachBlock, type RowSource } from './row-source.js';
import { SCALING_NAMES, type Scaler, type ScalingName } from './scaler.js';

/** Rows read at a time. */
const BLOCK_ROWS = 8192;

/** The scaler of that kind fitted to the source's inputs (or its targets). */
export function fitScalerOfRows(kind: ScalingName, source: RowSource, part: 'inputs' | 'targets', field = 'scaling'): Scaler {
  if (!SCALING_NAMES.includes(kind)) throw new ConfigError(field, `must be one of ${SCALING_NAMES.join(', ')}, got ${show(kind)}`);
  const cols = part === 'inputs' ? source.inputSize : source.outputSize;
  const rows = source.rows;
  const offset = new Array<number>(cols).fill(0);
  const scale = new Array<number>(cols).fill(1);
  if (kind === 'none' || rows === 0) return { kind, offset, scale };
  const visit = (pass: (block: Float64Array, count: number) => void) =>
    forEachBlock(source, BLOCK_ROWS, (inputs, targets, count) => pass(part === 'inputs' ? inputs : targets, count));
  if (kind === 'standard') {
    const mean = new Float64Array(cols);
    visit((block, count) => {
      for (let r = 0; r < count; r++) for (let c = 0; c < cols; c++) mean[c] += block[r * cols + c];
    });
    for (let c = 0; c < cols; c++) mean[c] /= rows;
    const variance = new Float64Array(cols);
    visit((block, count) => {
      for (let r = 0; r < count; r++) for (let c = 0; c < cols; c++) variance[c] += (block[r * cols + c] - mean[c]) ** 2;
    });
    for (let c = 0; c < cols; c++) {
      const std = Math.sqrt(variance[c] / rows);
      offset[c] = mean[c];
      scale[c] = std > 0 ? std : 1;
    }
  } else {
    const min = new Float64Array(cols).fill(Infinity);
    const max = new Float64Array(cols).fill(-Infinity);
    visit((block, count) => {
      for (let r = 0; r < count; r++) {
        for (let c = 0; c < cols; c++) {
          min[c] = Math.min(min[c], block[r * cols + c]);
          max[c] = Math.max(max[c], block[r * cols + c]);
        }
      }
    });
    for (let c = 0; c < cols; c++) {
      offset[c] = min[c];
      scale[c] = max[c] > min[c] ? max[c] - min[c] : 1;
    }
  }
  return { kind, offset, scale };
}
