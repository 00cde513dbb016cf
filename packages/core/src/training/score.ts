/** Scoring a held-out set after an epoch: its loss, and its accuracy for cross-entropy losses. */
import { Batch, type RowSet } from '../training/batch.js';
import type { FloatArray } from '../data/matrix.js';
import type { Network } from '../network/network.js';

export interface Score {
  valLoss: number;
  valAccuracy?: number;
}

/** Rows the validation set is scored in at a time. */
export const SCORE_CHUNK = 512;

/** Scores a validation set in chunks of at most SCORE_CHUNK rows gathered into `batch`. */
export function score(network: Network, set: RowSet, batch: Batch, l2: number, l1 = 0): Score {
  const loss = network.loss.name;
  const m = network.outputSize;
  const rows = set.index.length;
  let costSum = 0;
  let correct = 0;
  for (let start = 0; start < rows; start += batch.capacity) {
    const size = Math.min(batch.capacity, rows - start);
    batch.gather(set, set.index, start, size);
    const outputs = network.forward(batch.inputs, size);
    costSum += network.costSum(batch.targets, size);
    if (loss === 'categorical-cross-entropy') correct += countArgmaxHits(outputs, batch.targets, size, m);
    if (loss === 'binary-cross-entropy') {
      for (let k = 0; k < size * m; k++) if (outputs[k] >= 0.5 === batch.targets[k] >= 0.5) correct++;
    }
  }
  const valLoss = costSum / rows + (l2 > 0 ? (l2 / 2) * network.sumSquaredWeights() : 0) + (l1 > 0 ? l1 * network.sumAbsoluteWeights() : 0);
  if (loss === 'categorical-cross-entropy') return { valLoss, valAccuracy: correct / rows };
  if (loss === 'binary-cross-entropy') return { valLoss, valAccuracy: correct / (rows * m) };
  return { valLoss };
}

/** Rows whose largest output is where the target's largest value is. */
function countArgmaxHits(outputs: FloatArray, targets: FloatArray, rows: number, m: number): number {
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let want = 0;
    for (let j = 1; j < m; j++) {
      if (outputs[r * m + j] > outputs[r * m + best]) best = j;
      if (targets[r * m + j] > targets[r * m + want]) want = j;
    }
    if (best === want) hits++;
  }
  return hits;
}
