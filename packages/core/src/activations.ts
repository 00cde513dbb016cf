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
  | 'softmax'
  // The activations of FANN (fann_activation.h), so that FANN networks import exactly; FANN's
  // steepness s is not a parameter here: f(s·z) is f applied to weights and biases scaled by s.
  | 'elliot'
  | 'elliot-symmetric'
  | 'gaussian'
  | 'gaussian-symmetric'
  | 'sin'
  | 'cos'
  | 'sin-symmetric'
  | 'cos-symmetric'
  | 'linear-piece'
  | 'linear-piece-symmetric'
  | 'sigmoid-stepwise'
  | 'tanh-stepwise'
  | 'threshold'
  | 'threshold-symmetric';

/** How an activation is named in options and model files: a name, or a name with parameters. */
export type ActivationSpec = ActivationName | { name: ActivationName; alpha?: number };

export interface Activation {
  readonly name: ActivationName;
  /** Parameters beyond the name (leaky-relu's and elu's alpha); empty for the rest. */
  readonly params: Readonly<Record<string, number>>;
  /** True when a neuron's output depends on the other neurons of its layer (softmax). */
  readonly rowwise: boolean;
  /**
   * False for the step functions (threshold), whose f′ is 0 wherever it exists: a network with
   * them runs but cannot learn by back-propagation, so their `backward` throws.
   */
  readonly trainable: boolean;
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
    trainable: true,
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
  trainable: true,
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

/**
 * A stepwise-linear function: linear between six breakpoints `at`, with values `to` there, `min`
 * below the first and `max` from the last on (it jumps there: from min to to[0], from to[5] to max).
 */
export interface Stepwise {
  at: readonly number[];
  to: readonly number[];
  min: number;
  max: number;
}

/**
 * FANN's stepwise sigmoids (fann_activation.h, float build), breakpoints in bpnn's z. FANN's are in
 * its v, and FANN_SIGMOID_STEPWISE approximates its sigmoid 1/(1 + e^(−2v)): bpnn's sigmoid-stepwise
 * approximates 1/(1 + e^(−z)), so its breakpoints are FANN's doubled (exact in binary), with the
 * same values. FANN_SIGMOID_SYMMETRIC_STEPWISE approximates tanh(v): bpnn's tanh-stepwise.
 */
export const STEPWISE: Readonly<Record<'sigmoid-stepwise' | 'tanh-stepwise', Stepwise>> = {
  'sigmoid-stepwise': {
    at: [-2.64665246009826660156, -1.4722194671630859375, -0.549306154251098632812, 0.549306154251098632812, 1.47221934795379638672, 2.64665293693542480469].map((v) => 2 * v),
    to: [4.99999988824129104614e-3, 5.00000007450580596924e-2, 0.25, 0.75, 9.49999988079071044922e-1, 9.95000004768371582031e-1],
    min: 0,
    max: 1,
  },
  'tanh-stepwise': {
    at: [-2.64665293693542480469, -1.47221934795379638672, -0.549306154251098632812, 0.549306154251098632812, 1.47221934795379638672, 2.64665293693542480469],
    to: [-0.990000009536743164062, -0.899999976158142089844, -0.5, 0.5, 0.899999976158142089844, 0.990000009536743164062],
    min: -1,
    max: 1,
  },
};

function stepwise(name: keyof typeof STEPWISE): ScalarActivation {
  const { at, to, min, max } = STEPWISE[name];
  /** The segment k with at[k] ≤ z < at[k+1], or −1 outside [at[0], at[5]). */
  const segment = (z: number) => {
    if (z < at[0] || z >= at[5]) return -1;
    let k = 0;
    while (k < 4 && z >= at[k + 1]) k++;
    return k;
  };
  const slope = (k: number) => (to[k + 1] - to[k]) / (at[k + 1] - at[k]);
  return elementwise(
    name,
    {},
    (z) => {
      const k = segment(z);
      if (k < 0) return z < at[0] ? min : max;
      return ((to[k + 1] - to[k]) * (z - at[k])) / (at[k + 1] - at[k]) + to[k]; // as FANN's fann_linear_func
    },
    (z) => {
      const k = segment(z);
      return k < 0 ? 0 : slope(k);
    },
  );
}

/** A step function: it runs, but back-propagation through it is refused (f′ = 0 almost everywhere). */
function step(name: ActivationName, low: number): Activation {
  const act = elementwise(name, {}, (z) => (z < 0 ? low : 1), () => 0);
  return {
    ...act,
    trainable: false,
    backward() {
      throw new ConfigError(
        'activation',
        `${name} is a step function whose derivative is 0 wherever it exists: a network using it can predict but cannot be trained by back-propagation (import it for inference, or replace ${name} by ${low < 0 ? 'tanh' : 'sigmoid'} to train)`,
      );
    },
  };
}

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
  // FANN's activations, as functions of FANN's v = s·z (fann_activation.h).
  elliot: () => elementwise('elliot', {}, (z) => z / 2 / (1 + Math.abs(z)) + 0.5, (z) => 1 / (2 * (1 + Math.abs(z)) ** 2)),
  'elliot-symmetric': () => elementwise('elliot-symmetric', {}, (z) => z / (1 + Math.abs(z)), (z) => 1 / (1 + Math.abs(z)) ** 2), // softsign
  gaussian: () => elementwise('gaussian', {}, (z) => Math.exp(-z * z), (z, a) => -2 * z * a),
  'gaussian-symmetric': () => elementwise('gaussian-symmetric', {}, (z) => 2 * Math.exp(-z * z) - 1, (z, a) => -2 * z * (a + 1)), // 2e^(−z²) − 1
  sin: () => elementwise('sin', {}, (z) => Math.sin(z) / 2 + 0.5, (z) => Math.cos(z) / 2),
  cos: () => elementwise('cos', {}, (z) => Math.cos(z) / 2 + 0.5, (z) => -Math.sin(z) / 2),
  'sin-symmetric': () => elementwise('sin-symmetric', {}, Math.sin, Math.cos),
  'cos-symmetric': () => elementwise('cos-symmetric', {}, Math.cos, (z) => -Math.sin(z)),
  'linear-piece': () => elementwise('linear-piece', {}, (z) => (z < 0 ? 0 : z > 1 ? 1 : z), (z) => (z < 0 || z > 1 ? 0 : 1)),
  'linear-piece-symmetric': () => elementwise('linear-piece-symmetric', {}, (z) => (z < -1 ? -1 : z > 1 ? 1 : z), (z) => (z < -1 || z > 1 ? 0 : 1)),
  'sigmoid-stepwise': () => stepwise('sigmoid-stepwise'),
  'tanh-stepwise': () => stepwise('tanh-stepwise'),
  threshold: () => step('threshold', 0),
  'threshold-symmetric': () => step('threshold-symmetric', -1),
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
