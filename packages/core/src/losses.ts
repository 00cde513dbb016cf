/**
 * Losses: the per-sample cost with its gradient ∂cost/∂a beside it, registered by name.
 * Over a batch, J is the mean of the per-sample costs (DESIGN.md, "The math").
 */
import type { Activation } from './activations.js';
import { ConfigError, show } from './errors.js';
import type { FloatArray } from './matrix.js';

/** The losses by name, as options and model files spell them. */
export type LossName = 'mse' | 'binary-cross-entropy' | 'categorical-cross-entropy';

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
   * True when the output residual δ = ∂J/∂z simplifies to a − y for this output activation:
   * then backward skips f′ (and the softmax Jacobian) altogether.
   */
  shortcut(output: Activation): boolean;
  /** Throws a ConfigError saying why when the output activation does not suit this loss. */
  check(output: Activation): void;
}

/** The smallest probability a log is taken of, so that a saturated output costs a lot, not ∞. */
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
  // With a = softmax(z) and Σ_j y_j = 1: δ_j = Σ_k (−y_k/a_k)·a_k(1[j=k] − a_j) = a_j Σ_k y_k − y_j = a_j − y_j.
  shortcut: (output) => output.name === 'softmax',
  check(output) {
    if (output.name !== 'softmax') {
      throw new ConfigError(
        'loss',
        `categorical-cross-entropy needs the outputs to be one probability distribution, which a softmax output layer gives; ${show(output.name)} does not (for independent yes/no outputs use sigmoid with binary-cross-entropy)`,
      );
    }
  },
};

const LOSSES: Record<LossName, Loss> = {
  mse,
  'binary-cross-entropy': binaryCrossEntropy,
  'categorical-cross-entropy': categoricalCrossEntropy,
};

/** The name of every loss. */
export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

/** The loss of that name; an unknown name is a ConfigError that names `field` and lists the known ones. */
export function loss(name: LossName, field = 'loss'): Loss {
  const found = Object.hasOwn(LOSSES, name) ? LOSSES[name] : undefined;
  if (found === undefined) throw new ConfigError(field, `must be one of ${LOSS_NAMES.join(', ')}, got ${show(name)}`);
  return found;
}
