/**
 * Losses: the per-sample cost with its gradient ∂cost/∂a beside it, registered by name.
 * Over a batch, J is the mean of the per-sample costs (DESIGN.md, "The math").
 */
import type { Activation } from '../activations/activations.js';
import { ConfigError, show } from '../errors.js';
import type { FloatArray } from '../data/matrix.js';

/** The losses by name, as options and model files spell them. */
export type LossName = 'mse' | 'binary-cross-entropy' | 'categorical-cross-entropy';

/** Σ of the per-sample costs of a (rows, width) batch, from the output layer's z (rows, width). */
export type CostFromZ = (z: FloatArray, y: FloatArray, rows: number, width: number) => number;

/**
 * A per-sample cost with its derivative ∂cost/∂a beside it, and the output activations it suits.
 * Get one by name with {@link loss}.
 */
export interface Loss {
  readonly name: LossName;
  /** Σ over every element of the per-sample costs of a (rows, width) batch (not yet a mean). */
  cost(a: FloatArray, y: FloatArray, length: number): number;
  /** ∂cost/∂a for each element, into `out`. */
  gradient(a: FloatArray, y: FloatArray, out: FloatArray, length: number): void;
  /**
   * True when the output residual δ = ∂J/∂z has a closed form for this output activation
   * (`residual`): then backward skips f′ (and the softmax Jacobian) altogether.
   */
  shortcut(output: Activation): boolean;
  /**
   * The output residual δ = ∂J/∂z of a (rows, width) batch where `shortcut` holds: a − y, or for
   * softmax with categorical-cross-entropy a·Σ_k y_k − y (a − y when the row sums to 1).
   */
  residual(a: FloatArray, y: FloatArray, out: FloatArray, rows: number, width: number): void;
  /**
   * Σ over a (rows, width) batch of the per-sample costs computed from the output layer's z, for the
   * output activations where a = f(z) can round to 0 or 1 and `cost(a)` would then be wrong
   * (log-softmax, log-sigmoid); null for the rest, whose cost is `cost(a)`.
   */
  costFromZ(output: Activation): CostFromZ | null;
  /** Throws a ConfigError saying why when the output activation does not suit this loss. */
  check(output: Activation): void;
}

/**
 * The smallest probability `cost(a)` takes a log of, so that a saturated output costs a lot, not ∞.
 * A network reports its cost from z instead (costFromZ), which needs no such floor.
 */
const EPSILON = 1e-15;

/** Squared error ½·Σ_j (a_j − y_j)², so that ∂cost/∂a_j = a_j − y_j. */
const mse: Loss = {
  name: 'mse',
  cost(a, y, length) {
    let sum = 0;
    for (let i = 0; i < length; i++) {
      const d = a[i] - y[i];
      sum += d * d;
    }
    return sum / 2;
  },
  gradient(a, y, out, length) {
    for (let i = 0; i < length; i++) out[i] = a[i] - y[i];
  },
  // δ = (a − y)·f′(z): the shortcut holds only where f′ = 1.
  shortcut: (output) => output.name === 'linear',
  residual: aMinusY,
  costFromZ: () => null,
  check() {},
};

/** −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)], for independent outputs in (0, 1). */
const binaryCrossEntropy: Loss = {
  name: 'binary-cross-entropy',
  cost(a, y, length) {
    let sum = 0;
    for (let i = 0; i < length; i++) {
      const p = Math.min(Math.max(a[i], EPSILON), 1 - EPSILON);
      sum -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
    }
    return sum;
  },
  gradient(a, y, out, length) {
    for (let i = 0; i < length; i++) {
      const p = Math.min(Math.max(a[i], EPSILON), 1 - EPSILON);
      out[i] = (p - y[i]) / (p * (1 - p));
    }
  },
  // With a = σ(z): ∂cost/∂a = (a − y)/(a(1 − a)) and σ′(z) = a(1 − a), so δ = a − y.
  shortcut: (output) => output.name === 'sigmoid',
  residual: aMinusY,
  // With ln σ(z) = −softplus(−z) and ln(1 − σ(z)) = −softplus(z): cost = softplus(z) − y·z
  // = max(z, 0) − y·z + ln(1 + e^−|z|), exact where σ(z) rounds to 0 or 1.
  costFromZ: (output) =>
    output.name !== 'sigmoid'
      ? null
      : (z, y, rows, width) => {
          let sum = 0;
          for (let k = 0; k < rows * width; k++) sum += Math.max(z[k], 0) - y[k] * z[k] + Math.log1p(Math.exp(-Math.abs(z[k])));
          return sum;
        },
  check(output) {
    if (output.name === 'softmax') {
      throw new ConfigError(
        'loss',
        'binary-cross-entropy treats each output as an independent probability, but softmax makes them compete; use categorical-cross-entropy with softmax, or binary-cross-entropy with sigmoid',
      );
    }
    if (output.name !== 'sigmoid') {
      throw new ConfigError(
        'loss',
        `binary-cross-entropy needs outputs in (0, 1), which a sigmoid output layer gives; ${show(output.name)} does not (its outputs can leave that range, where the log is undefined)`,
      );
    }
  },
};

/** −Σ_j y_j ln a_j, for outputs that form one probability distribution. */
const categoricalCrossEntropy: Loss = {
  name: 'categorical-cross-entropy',
  cost(a, y, length) {
    let sum = 0;
    for (let i = 0; i < length; i++) if (y[i] !== 0) sum -= y[i] * Math.log(Math.max(a[i], EPSILON));
    return sum;
  },
  gradient(a, y, out, length) {
    for (let i = 0; i < length; i++) out[i] = -y[i] / Math.max(a[i], EPSILON);
  },
  // With a = softmax(z): δ_j = Σ_k (−y_k/a_k)·a_k(1[j=k] − a_j) = a_j·Σ_k y_k − y_j, which is
  // a_j − y_j when the row sums to 1 (one-hot labels). fit refuses other rows; backward and cost
  // still take them, exactly.
  shortcut: (output) => output.name === 'softmax',
  residual(a, y, out, rows, width) {
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      let sum = 0; // Σ_k y_k
      for (let k = 0; k < width; k++) sum += y[o + k];
      for (let j = 0; j < width; j++) out[o + j] = a[o + j] * sum - y[o + j];
    }
  },
  // With ln softmax(z)_j = z_j − ln Σ_k e^(z_k): cost = Σ_j y_j·(lse − z_j), where
  // lse − z_j = (max − z_j) + ln(1 + Σ_{k ≠ argmax} e^(z_k − max)); exact where a_j rounds to 0.
  costFromZ: (output) =>
    output.name !== 'softmax'
      ? null
      : (z, y, rows, width) => {
          let sum = 0;
          for (let r = 0; r < rows; r++) {
            const o = r * width;
            let top = o;
            for (let k = o + 1; k < o + width; k++) if (z[k] > z[top]) top = k;
            let rest = 0;
            for (let k = o; k < o + width; k++) if (k !== top) rest += Math.exp(z[k] - z[top]);
            const log = Math.log1p(rest);
            for (let j = o; j < o + width; j++) if (y[j] !== 0) sum += y[j] * (z[top] - z[j] + log);
          }
          return sum;
        },
  check(output) {
    if (output.name !== 'softmax') {
      throw new ConfigError(
        'loss',
        `categorical-cross-entropy needs the outputs to be one probability distribution, which a softmax output layer gives; ${show(output.name)} does not (for independent yes/no outputs use sigmoid with binary-cross-entropy)`,
      );
    }
  },
};

/** δ = a − y, element by element (for the pairs whose f′ and ∂cost/∂a cancel to it). */
function aMinusY(a: FloatArray, y: FloatArray, out: FloatArray, rows: number, width: number): void {
  for (let k = 0; k < rows * width; k++) out[k] = a[k] - y[k];
}

const LOSSES: Record<LossName, Loss> = {
  mse,
  'binary-cross-entropy': binaryCrossEntropy,
  'categorical-cross-entropy': categoricalCrossEntropy,
};

/** The name of every loss. */
export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

/** Σ of the per-sample costs of a (rows, width) batch from its outputs a and the z they came from. */
export type OutputCost = (a: FloatArray, z: FloatArray, y: FloatArray, rows: number, width: number) => number;

/** The cost a network reports: from z where `costFromZ` has a form for its output activation, else from a. */
export function outputCost(loss: Loss, output: Activation): OutputCost {
  const fromZ = loss.costFromZ(output);
  return fromZ === null ? (a, _z, y, rows, width) => loss.cost(a, y, rows * width) : (_a, z, y, rows, width) => fromZ(z, y, rows, width);
}

/** The loss of that name; an unknown name is a ConfigError that names `field` and lists the known ones. */
export function loss(name: LossName, field = 'loss'): Loss {
  const found = Object.hasOwn(LOSSES, name) ? LOSSES[name] : undefined;
  if (found === undefined) throw new ConfigError(field, `must be one of ${LOSS_NAMES.join(', ')}, got ${show(name)}`);
  return found;
}
