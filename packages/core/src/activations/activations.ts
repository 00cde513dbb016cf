/**
 * The activations, registered by the name that goes into model files (each built as activation.ts
 * describes: f with f′ beside it).
 */
import { elementwise, type Activation, type ActivationName, type ActivationSpec } from './activation.js';
import { ConfigError, show } from '../errors.js';
import { checkObject, checkOptions, closestName } from '../strict-options.js';
import { step, stepwise } from './piecewise-activations.js';

export type { Activation, ActivationName, ActivationSpec, ScalarActivation } from './activation.js';
export { STEPWISE } from './piecewise-activations.js';
export type { Stepwise } from './piecewise-activations.js';

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
      // α·e^z, not a + α = α(e^z − 1) + α, which cancels to 0 once e^z < 2⁻⁵³ (z below about −37).
      (z) => (z > 0 ? 1 : scale * Math.exp(z)),
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

/** The activations that take a parameter, `alpha`. */
const ALPHA_ACTIVATIONS: readonly ActivationName[] = ['leaky-relu', 'elu'];

/** The name of every activation in the registry, as options and model files spell them. */
export const ACTIVATION_NAMES = Object.keys(FACTORIES) as ActivationName[];

/** The activation a spec names; a ConfigError lists the known names for an unknown one. */
export function activation(spec: ActivationSpec, field = 'activation'): Activation {
  if (typeof spec !== 'string') {
    checkObject(spec, field, `an activation's name, or an object such as { name: 'leaky-relu', alpha: 0.1 }`);
    checkOptions(spec, ['name', 'alpha'], 'an activation', field);
  }
  const name = typeof spec === 'string' ? spec : spec.name;
  const factory = typeof name === 'string' && Object.hasOwn(FACTORIES, name) ? FACTORIES[name as ActivationName] : undefined;
  if (factory === undefined) {
    // An object's field is its name; the value is quoted, and a near name suggested.
    const near = typeof name === 'string' ? closestName(name, ACTIVATION_NAMES) : undefined;
    const named = typeof spec === 'string' ? field : `${field}.name`;
    throw new ConfigError(named, `must be one of ${ACTIVATION_NAMES.join(', ')}, got ${show(name)}${near === undefined ? '' : ` (did you mean ${near}?)`}`);
  }
  const alpha = typeof spec === 'string' ? undefined : spec.alpha;
  if (alpha !== undefined && !ALPHA_ACTIVATIONS.includes(name as ActivationName)) {
    throw new ConfigError(`${field}.alpha`, `is not taken by ${name}, which has no parameter (only ${ALPHA_ACTIVATIONS.join(' and ')} take an alpha), got ${show(alpha)}`);
  }
  return factory(alpha);
}

/** The spec that recreates an activation (what a model file stores). */
export function activationSpec(act: Activation): ActivationSpec {
  return 'alpha' in act.params ? { name: act.name, alpha: act.params.alpha } : act.name;
}
