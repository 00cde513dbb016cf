/**
 * Quickprop (Fahlman 1988, "An empirical study of learning speed in back-propagation networks",
 * CMU-CS-88-162), as FANN 2.2 runs it (`FANN_TRAIN_QUICKPROP`, fann_update_weights_quickprop):
 * each weight jumps to the minimum of a parabola through its last two slopes, at most μ times its
 * last step. With FANN's slope S = −Σ_samples ∂cost/∂w + decay·w (a sum, not a mean: S = −rows·g
 * for our mean gradient g) and ε = η/rows:
 *
 *   last step Δ > 0.001:   Δ' = (S > 0 ? ε·S : 0) + (S > μ/(1+μ)·S_prev ? μ·Δ : Δ·S/(S_prev − S))
 *   last step Δ < −0.001:  Δ' = (S < 0 ? ε·S : 0) + (S < μ/(1+μ)·S_prev ? μ·Δ : Δ·S/(S_prev − S))
 *   otherwise:             Δ' = ε·S
 *   w ← clamp(w + Δ', ±1500)
 *
 * It uses the gradient of the whole training set: full batch only.
 */
import type { Backend } from '../backend/backend.js';
import type { FloatArray } from '../data/matrix.js';
import { numberOption } from '../options.js';
import { OPTIMIZER_DEFAULTS } from '../defaults/defaults.js';
import { ConfigError } from '../errors.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { saved, stateFrom, type Objective, type Optimizer, type OptimizerState } from './optimizer-interface.js';

/** Quickprop's settings (FANN's names: learning_rate, quickprop_mu, quickprop_decay). */
export interface QuickpropOptions {
  /** η, default 0.7 (FANN's); the linear term's step is η/rows times the summed slope. */
  learningRate?: number;
  /** μ > 0, the largest growth of a step, default 1.75. */
  mu?: number;
  /** ≤ 0, the weight decay added to each slope, default −0.0001. */
  decay?: number;
}

const QUICKPROP_OPTIONS = optionNames<QuickpropOptions & { name: 'quickprop' }>({ name: true, learningRate: true, mu: true, decay: true });

/** FANN's bound on a weight after a Quickprop step. */
const WEIGHT_LIMIT = 1500;

class Quickprop implements Optimizer {
  readonly name = 'quickprop';
  readonly fullBatch = true;
  learningRate: number;
  private readonly mu: number;
  private readonly decay: number;
  private previousStep: FloatArray | null = null;
  private previousSlope: FloatArray | null = null;
  private restored: Record<string, FloatArray> = {};

  constructor(
    options: QuickpropOptions,
    field: string,
    private readonly backend: Backend | undefined,
  ) {
    checkOptions(options, QUICKPROP_OPTIONS, 'the quickprop optimizer', field);
    const defaults = OPTIMIZER_DEFAULTS.quickprop;
    this.learningRate = numberOption(`${field}.learningRate`, options.learningRate, defaults.learningRate, 0, Infinity, { min: true });
    this.mu = numberOption(`${field}.mu`, options.mu, defaults.mu, 0, Infinity, { min: true });
    this.decay = numberOption(`${field}.decay`, options.decay, defaults.decay, -Infinity, 0);
  }

  saveState(): OptimizerState {
    const [previousStep] = saved(this.previousStep);
    const [previousSlope] = saved(this.previousSlope);
    return { name: 'quickprop', steps: 0, tensors: previousStep === undefined ? {} : { previousStep, previousSlope } };
  }

  restoreState(state: OptimizerState): void {
    this.restored = state.tensors;
    this.previousStep = this.previousSlope = null;
  }

  step(params: FloatArray, grads: FloatArray, objective?: Objective): void {
    if (objective === undefined) throw new ConfigError('optimizer', 'quickprop needs the whole training set for each step (full batch)');
    const rows = objective.rows;
    const { mu, decay } = this;
    const epsilon = this.learningRate / rows;
    const shrink = mu / (1 + mu);
    const steps = (this.previousStep ??= stateFrom(params, this.backend, this.restored.previousStep)); // Δ
    const slopes = (this.previousSlope ??= stateFrom(params, this.backend, this.restored.previousSlope)); // S_prev
    for (let k = 0; k < params.length; k++) {
      const w = params[k];
      const last = steps[k];
      const slope = -rows * grads[k] + decay * w; // FANN's slope: the summed negative gradient, with decay
      const before = slopes[k];
      let next = 0;
      if (last > 0.001) {
        if (slope > 0) next += epsilon * slope; // the linear term, while the slope keeps its sign
        next += slope > shrink * before ? mu * last : (last * slope) / (before - slope); // at most μ·Δ, else the parabola's minimum
      } else if (last < -0.001) {
        if (slope < 0) next += epsilon * slope;
        next += slope < shrink * before ? mu * last : (last * slope) / (before - slope);
      } else {
        next += epsilon * slope; // no last step: gradient descent
      }
      steps[k] = next;
      params[k] = Math.min(WEIGHT_LIMIT, Math.max(-WEIGHT_LIMIT, w + next));
      slopes[k] = slope;
    }
  }
}

export function quickprop(options: QuickpropOptions, field = 'optimizer', backend?: Backend): Optimizer {
  return new Quickprop(options, field, backend);
}
