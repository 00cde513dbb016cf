/**
 * Weighted samples: fit's `sampleWeights` (a weight per row) and Model.train's `classWeights`,
 * which give every row of a class its class's weight. A sample of weight w adds w·cost to the
 * batch's cost and so w·δ to its output residual. J stays a mean over the batch's samples,
 * Σ_r w_r·cost_r / batchSize, not PyTorch's weighted mean Σ_r w_r·cost_r / Σ_r w_r: the step a
 * sample takes then does not depend on which others share its batch, and with 'balanced' weights
 * (whose mean over the data set is 1) the learning rate keeps its scale. PyTorch's
 * `CrossEntropyLoss(weight=w, reduction='sum') / batchSize` is the same J.
 */
import { ConfigError, show } from '../errors.js';

/**
 * The weight of each class: 'balanced' (scikit-learn's n_samples / (n_classes · count of the
 * class), counted over the rows that train), 'none' (all 1, the default), a list in the order of
 * the labels, or an object by label (a class left out weighs 1).
 */
export type ClassWeights = 'balanced' | 'none' | readonly number[] | Readonly<Record<string, number>>;

/** Checks fit's sampleWeights: one finite weight ≥ 0 per row, not all 0. */
export function checkSampleWeights(weights: unknown, rows: number): Float64Array {
  if (weights === null || typeof weights !== 'object' || typeof (weights as ArrayLike<number>).length !== 'number') {
    throw new ConfigError('sampleWeights', `must be a list of one weight per row (${rows}), got ${show(weights)}`);
  }
  const list = weights as ArrayLike<unknown>;
  if (list.length !== rows) throw new ConfigError('sampleWeights', `must have one weight per row: ${rows}, got ${list.length}`);
  const out = new Float64Array(rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const w = list[r];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new ConfigError(`sampleWeights[${r}]`, `must be a finite number ≥ 0, got ${show(w)}`);
    out[r] = w;
    total += w;
  }
  if (total === 0) throw new ConfigError('sampleWeights', 'are all 0: no sample would train');
  return out;
}

/** Each class's weight, in the order of `labels`; `classes[r]` is training row r's class index. */
export function classWeightsFor(spec: ClassWeights, labels: readonly string[], classes: ArrayLike<number>): Float64Array {
  const k = labels.length;
  if (spec === 'none') return new Float64Array(k).fill(1);
  if (spec === 'balanced') {
    const counts = new Float64Array(k);
    for (let r = 0; r < classes.length; r++) counts[classes[r]]++;
    const empty = counts.findIndex((c) => c === 0);
    if (empty >= 0) throw new ConfigError('classWeights', `'balanced' needs every class among the training rows; ${show(labels[empty])} has none`);
    return counts.map((count) => classes.length / (k * count));
  }
  const weight = (w: unknown, field: string) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) throw new ConfigError(field, `must be a finite number > 0, got ${show(w)}`);
    return w;
  };
  if (Array.isArray(spec)) {
    if (spec.length !== k) throw new ConfigError('classWeights', `must have one weight per class (${k}: ${labels.join(', ')}), got ${spec.length}`);
    return Float64Array.from(spec, (w, c) => weight(w, `classWeights[${c}]`));
  }
  if (spec === null || typeof spec !== 'object') {
    throw new ConfigError('classWeights', `must be 'balanced', 'none', a list of one weight per class or an object by label, got ${show(spec)}`);
  }
  const byLabel = spec as Readonly<Record<string, number>>;
  const unknown = Object.keys(byLabel).find((label) => !labels.includes(label));
  if (unknown !== undefined) throw new ConfigError(`classWeights.${unknown}`, `is not a class; the classes are ${labels.join(', ')}`);
  return Float64Array.from(labels, (label) => (Object.hasOwn(byLabel, label) ? weight(byLabel[label], `classWeights.${label}`) : 1));
}

/** Each row's weight: its class's. */
export function rowWeights(classWeights: Float64Array, classes: ArrayLike<number>): Float64Array {
  return Float64Array.from(classes as ArrayLike<number>, (c) => classWeights[c]);
}
