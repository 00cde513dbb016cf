/**
 * What an activation is: f with its derivative f′ right beside it, over batches of values. The
 * derivative takes both z and a = f(z), so each activation uses whichever it keeps cheaper (the
 * output for sigmoid and tanh, the input for relu). The registry of them is activations.ts.
 */
import type { FloatArray } from '../data/matrix.js';

/** The activations by name: the common ones, and those of FANN (threshold ones for inference only). */
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

/**
 * An activation function f with its derivative f′ beside it, over (rows, width) buffers of a
 * layer's z and a = f(z). Get one by name with {@link activation}.
 */
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
  /** a = f(z) for one value. */
  apply(z: number): number;
  /** f′(z), given z and a = f(z) (each activation uses whichever is cheaper). */
  derivative(z: number, a: number): number;
}

export function elementwise(
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
