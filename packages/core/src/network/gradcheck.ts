/**
 * Gradient check: back-propagation's ∂J/∂params against central finite differences
 * (J(θ + h) − J(θ − h)) / 2h, in float64, tensor by tensor. A correct backward agrees to about
 * 1e-9 relative error; a wrong one is off by a large fraction.
 */
import { ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../data/matrix.js';
import type { Network } from './network.js';
import { checkNetwork } from './network-argument.js';
import { integerOption, numberOption } from '../options.js';
import { Random } from '../random.js';
import { checkSampleWeights } from '../training/sample-weights.js';
import { checkOptions, optionNames } from '../strict-options.js';

/** The options of {@link gradientCheck}. */
export interface GradientCheckOptions {
  /** The finite-difference step h, default 1e-5. */
  epsilon?: number;
  /** L2 weight decay included in J, default 0. */
  l2?: number;
  /** L1 penalty included in J, default 0 (check away from W = 0, where |W| has no derivative). */
  l1?: number;
  /** A weight per sample, as fit's sampleWeights; default all 1. */
  sampleWeights?: ArrayLike<number>;
  /** Check at most this many entries of each tensor, drawn at random (seeded); default all. */
  maxPerTensor?: number;
  seed?: number;
}

export const GRADIENT_CHECK_OPTIONS = optionNames<GradientCheckOptions>({ epsilon: true, l2: true, l1: true, sampleWeights: true, maxPerTensor: true, seed: true });

/** One tensor's check: back-propagation's gradient against central finite differences. */
export interface TensorCheck {
  /** `layers.{l}.weight` or `layers.{l}.bias`. */
  name: string;
  layer: number;
  checked: number;
  /** ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖), 0 when both are 0. */
  relativeError: number;
  /** The largest |analytic − numeric| over the entries checked. */
  maxAbsoluteError: number;
}

/** Every tensor's check, and the largest relative error among them (a correct backward: about 1e-9). */
export interface GradientCheckResult {
  tensors: TensorCheck[];
  maxRelativeError: number;
}

/**
 * Checks the gradient of the mean cost over (inputs, targets). The network's parameters are
 * perturbed one at a time and restored exactly; its gradient buffer is overwritten.
 */
export function gradientCheck(
  network: Network,
  inputs: MatrixLike,
  targets: MatrixLike,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  checkNetwork(network);
  checkOptions(options, GRADIENT_CHECK_OPTIONS, 'gradientCheck');
  const epsilon = numberOption('epsilon', options.epsilon, 1e-5, 0, 1, { min: true });
  const l2 = numberOption('l2', options.l2, 0, 0, Infinity);
  const l1 = numberOption('l1', options.l1, 0, 0, Infinity);
  // Differences need float64's precision: a float32 network is checked through a float64 copy.
  const net = network.dtype === 'float64' ? network : network.clone('float64');
  const x = net.checkInputs(inputs, 'inputs');
  const y = Matrix.from(targets, 'targets').as('float64');
  if (y.rows !== x.rows || y.cols !== net.outputSize) {
    throw new ShapeError(`targets must have shape (${x.rows}, ${net.outputSize}) to match the inputs and outputs, got ${y.shape}`);
  }
  const rows = x.rows;
  const weights = options.sampleWeights === undefined ? null : checkSampleWeights(options.sampleWeights, rows);
  const cost = () => {
    net.forward(x.data, rows);
    return net.cost(y.data, rows, l2, weights, l1);
  };
  net.forward(x.data, rows);
  net.backward(y.data, rows, l2, weights, l1);
  const analytic = net.grads.slice();
  const random = new Random(integerOption('seed', options.seed, 42, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));

  const tensors: TensorCheck[] = [];
  for (const p of net.parameters()) {
    const size = p.value.length;
    const limit = integerOption('maxPerTensor', options.maxPerTensor, size, 1);
    const entries = limit >= size ? Array.from({ length: size }, (_, k) => k) : Array.from(random.permutation(size).subarray(0, limit));
    let diff2 = 0;
    let analytic2 = 0;
    let numeric2 = 0;
    let maxAbsoluteError = 0;
    for (const k of entries) {
      const i = p.offset + k;
      const saved = net.params[i];
      net.params[i] = saved + epsilon;
      const plus = cost();
      net.params[i] = saved - epsilon;
      const minus = cost();
      net.params[i] = saved;
      const numeric = (plus - minus) / (2 * epsilon);
      const d = analytic[i] - numeric;
      diff2 += d * d;
      analytic2 += analytic[i] * analytic[i];
      numeric2 += numeric * numeric;
      maxAbsoluteError = Math.max(maxAbsoluteError, Math.abs(d));
    }
    const denominator = Math.sqrt(analytic2) + Math.sqrt(numeric2);
    tensors.push({
      name: p.name,
      layer: p.layer,
      checked: entries.length,
      relativeError: denominator === 0 ? 0 : Math.sqrt(diff2) / denominator,
      maxAbsoluteError,
    });
  }
  return { tensors, maxRelativeError: Math.max(0, ...tensors.map((t) => t.relativeError)) };
}
