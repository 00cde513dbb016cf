/**
 * Activations: each is f with its derivative f′ right beside it, registered by the name that goes
 * into model files. The derivative takes both z and a = f(z), so each activation uses whichever it
 * keeps cheaper (the output for sigmoid and tanh, the input for relu).
 */
import { ConfigError, show } from './errors.js';
import type { FloatArray } from './matrix.js';

export type ActivationName =
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky-relu'
  | 'elu'
  | 'softplus'
  | 'linear'
  | 'softmax';

/** How an activation is named in options and model files: a name, or a name with parameters. */
export type ActivationSpec = ActivationName | { name: ActivationName; alpha?: number };

export interface Activation {
  readonly name: ActivationName;
  /** Parameters beyond the name (leaky-relu's and elu's alpha); empty for the rest. */
  readonly params: Readonly<Record<string, number>>;
  /** True when a neuron's output depends on the other neurons of its layer (softmax). */
  readonly rowwise: boolean;
  /** a = f(z) over a (rows, width) buffer. */
  forward(z: FloatArray, a: FloatArray, rows: number, width: number): void;
  /**
   * residual ← f′(z) ⊙ residual over a (rows, width) buffer: turns ∂J/∂a into δ = ∂J/∂z.
   * For softmax it is the Jacobian-vector product δ_j = a_j (g_j − Σ_k a_k g_k).
   */
  backward(z: FloatArray, a: FloatArray, residual: FloatArray, rows: number, width: number): void;
}

/** An element-wise activation from its scalar f and f′. */
export interface ScalarActivation extends Activation {
  apply(z: number): number;
  derivative(z: number, a: number): number;
}

function elementwise(
  name: ActivationName,
  params: Record<string, number>,
  apply: (z: number) => number,
  derivative: (z: number, a: number) => number,
): ScalarActivation {
  return {
    name,
    params,
    rowwise: false,
    apply,
    derivative,
    forward(z, a, rows, width) {
      const n = rows * width;
      for (let i = 0; i < n; i++) a[i] = apply(z[i]);
    },
    backward(z, a, residual, rows, width) {
      const n = rows * width;
      for (let i = 0; i < n; i++) residual[i] *= derivative(z[i], a[i]);
    },
  };
}

function sigmoid(z: number): number {
  // Two branches so that exp never overflows: both are 1 / (1 + e^-z).
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** ln(1 + e^z) without overflow for large z or loss of precision for very negative z. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

const softmax: Activation = {
  name: 'softmax',
  params: {},
  rowwise: true,
  forward(z, a, rows, width) {
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      let max = -Infinity;
      for (let j = 0; j < width; j++) if (z[o + j] > max) max = z[o + j];
      let sum = 0;
      for (let j = 0; j < width; j++) {
        const e = Math.exp(z[o + j] - max); // shifting by the max changes nothing but overflow
        a[o + j] = e;
        sum += e;
      }
      for (let j = 0; j < width; j++) a[o + j] /= sum;
    }
  },
  backward(_z, a, residual, rows, width) {
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      let dot = 0; // Σ_k a_k g_k
      for (let k = 0; k < width; k++) dot += a[o + k] * residual[o + k];
      for (let j = 0; j < width; j++) residual[o + j] = a[o + j] * (residual[o + j] - dot);
    }
  },
};

function positive(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(field, `must be a finite number > 0, got ${show(value)}`);
  }
  return value;
}

const FACTORIES: Record<ActivationName, (alpha: unknown) => Activation> = {
  sigmoid: () => elementwise('sigmoid', {}, sigmoid, (_z, a) => a * (1 - a)),
  tanh: () => elementwise('tanh', {}, Math.tanh, (_z, a) => 1 - a * a),
  relu: () => elementwise('relu', {}, (z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0)),
  'leaky-relu': (alpha) => {
    const slope = positive('leaky-relu alpha', alpha, 0.01);
    return elementwise('leaky-relu', { alpha: slope }, (z) => (z > 0 ? z : slope * z), (z) => (z > 0 ? 1 : slope));
  },
  elu: (alpha) => {
    const scale = positive('elu alpha', alpha, 1);
    return elementwise(
      'elu',
      { alpha: scale },
      (z) => (z > 0 ? z : scale * Math.expm1(z)),
      (z, a) => (z > 0 ? 1 : a + scale), // α(e^z − 1) + α = α e^z
    );
  },
  softplus: () => elementwise('softplus', {}, softplus, (z) => sigmoid(z)),
  linear: () => elementwise('linear', {}, (z) => z, () => 1),
  softmax: () => softmax,
};

export const ACTIVATION_NAMES = Object.keys(FACTORIES) as ActivationName[];

/** The activation a spec names; a ConfigError lists the known names for an unknown one. */
export function activation(spec: ActivationSpec, field = 'activation'): Activation {
  const name = typeof spec === 'string' ? spec : spec?.name;
  const factory = Object.hasOwn(FACTORIES, name) ? FACTORIES[name as ActivationName] : undefined;
  if (factory === undefined) {
    throw new ConfigError(field, `must be one of ${ACTIVATION_NAMES.join(', ')}, got ${show(name ?? spec)}`);
  }
  return factory(typeof spec === 'string' ? undefined : spec.alpha);
}

/** The spec that recreates an activation (what a model file stores). */
export function activationSpec(act: Activation): ActivationSpec {
  return 'alpha' in act.params ? { name: act.name, alpha: act.params.alpha } : act.name;
}
