/**
 * FANN's activation functions (enum fann_activationfunc_enum in fann_data.h) and bpnn's names for
 * them. FANN computes a neuron as f(v) with v = s·z, s the neuron's steepness and z = Σ w·a + bias
 * weight (fann.c, fann_run). bpnn has no steepness: it folds s into the neuron's weights and bias,
 * since s·z = Σ (s·w)·a + s·bias. `fold` is the factor that turns FANN's z into bpnn's z: s for most,
 * 2s for the sigmoids, because FANN's sigmoid is 1/(1 + e^(−2v)), bpnn's 1/(1 + e^(−z)).
 */
import type { ActivationName } from '@bpnn/core';

/** One of FANN's activation functions and how it maps to bpnn's. */
export interface FannActivation {
  /** The number in a .net file. */
  code: number;
  /** FANN's name, as in FANN_ACTIVATIONFUNC_NAMES. */
  fannName: string;
  /** bpnn's activation, or why there is none. */
  bpnn: ActivationName | { refused: string };
  /** bpnn's z = fold(s) · FANN's z. */
  fold: (steepness: number) => number;
  /** FANN 2.2 runs it (the last two came after 2.2). */
  inFann22: boolean;
  /** The steepness an export writes: the one for which fold is 1, so weights are copied exactly. */
  exportSteepness: number;
}

const times = (s: number) => s;
const twice = (s: number) => 2 * s;

function entry(code: number, fannName: string, bpnn: FannActivation['bpnn'], sigmoidLike = false, inFann22 = true): FannActivation {
  return { code, fannName, bpnn, fold: sigmoidLike ? twice : times, inFann22, exportSteepness: sigmoidLike ? 0.5 : 1 };
}

/** FANN's activation functions in the order of their codes (fann_activationfunc_enum). */
export const FANN_ACTIVATIONS: readonly FannActivation[] = [
  entry(0, 'FANN_LINEAR', 'linear'),
  entry(1, 'FANN_THRESHOLD', 'threshold'),
  entry(2, 'FANN_THRESHOLD_SYMMETRIC', 'threshold-symmetric'),
  entry(3, 'FANN_SIGMOID', 'sigmoid', true),
  entry(4, 'FANN_SIGMOID_STEPWISE', 'sigmoid-stepwise', true),
  entry(5, 'FANN_SIGMOID_SYMMETRIC', 'tanh'),
  entry(6, 'FANN_SIGMOID_SYMMETRIC_STEPWISE', 'tanh-stepwise'),
  entry(7, 'FANN_GAUSSIAN', 'gaussian'),
  entry(8, 'FANN_GAUSSIAN_SYMMETRIC', 'gaussian-symmetric'),
  entry(9, 'FANN_GAUSSIAN_STEPWISE', { refused: 'FANN computes 0 for every input with it (fann_activation.h), so no network can mean it' }),
  entry(10, 'FANN_ELLIOT', 'elliot'),
  entry(11, 'FANN_ELLIOT_SYMMETRIC', 'elliot-symmetric'),
  entry(12, 'FANN_LINEAR_PIECE', 'linear-piece'),
  entry(13, 'FANN_LINEAR_PIECE_SYMMETRIC', 'linear-piece-symmetric'),
  entry(14, 'FANN_SIN_SYMMETRIC', 'sin-symmetric'),
  entry(15, 'FANN_COS_SYMMETRIC', 'cos-symmetric'),
  entry(16, 'FANN_SIN', 'sin'),
  entry(17, 'FANN_COS', 'cos'),
  entry(18, 'FANN_LINEAR_PIECE_RECT', 'relu', false, false),
  // FANN's leaky slope is fixed at 0.01, bpnn's default alpha.
  entry(19, 'FANN_LINEAR_PIECE_RECT_LEAKY', 'leaky-relu', false, false),
];

/** The FANN activation with this code, or undefined. */
export function fannActivationByCode(code: number): FannActivation | undefined {
  return FANN_ACTIVATIONS.find((a) => a.code === code);
}

/** The FANN 2.2 activation that computes bpnn's activation of this name, or undefined. */
export function fannActivationFor(name: ActivationName): FannActivation | undefined {
  return FANN_ACTIVATIONS.find((a) => a.inFann22 && a.bpnn === name);
}
