/**
 * FANN's piecewise activations: the stepwise sigmoids (six linear pieces, FANN's breakpoints) and
 * the threshold step functions, which run forward but cannot be trained.
 */
import { elementwise, type Activation, type ActivationName, type ScalarActivation } from './activation.js';
import { ConfigError } from '../errors.js';

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

export function stepwise(name: keyof typeof STEPWISE): ScalarActivation {
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
export function step(name: ActivationName, low: number): Activation {
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
