/**
 * Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980), with bias-corrected moments:
 *   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)g²;   w ← w − η·m̂ / (√v̂ + ε).
 */
import type { FloatArray } from '../data/matrix.js';
import type { Backend } from '../backend/backend.js';
import { numberOption } from '../options.js';
import { OPTIMIZER_DEFAULTS } from '../defaults/defaults.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { saved, smallestNormal, stateFrom, type Optimizer, type OptimizerState } from './optimizer-interface.js';

/**
 * Adam's settings (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980): step size η, the decay
 * rates β₁ and β₂ of the moment estimates, and ε.
 */
export interface AdamOptions {
  /** η, default 0.001. */
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

const ADAM_OPTIONS = optionNames<AdamOptions & { name: 'adam' }>({ name: true, learningRate: true, beta1: true, beta2: true, epsilon: true });

/** A class, so that every fit runs the one compiled `step` (see sgd.ts). */
class Adam implements Optimizer {
  readonly name = 'adam';
  readonly fullBatch = false;
  /** η; a schedule may change it between epochs (schedules.ts). */
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private m: FloatArray | null = null;
  private v: FloatArray | null = null;
  private t = 0;
  private restored: Record<string, FloatArray> = {};

  constructor(
    options: AdamOptions,
    field: string,
    private readonly backend: Backend | undefined,
  ) {
    checkOptions(options, ADAM_OPTIONS, 'the adam optimizer', field);
    const defaults = OPTIMIZER_DEFAULTS.adam;
    this.learningRate = numberOption(`${field}.learningRate`, options.learningRate, defaults.learningRate, 0, Infinity, { min: true });
    this.beta1 = numberOption(`${field}.beta1`, options.beta1, defaults.beta1, 0, 1, { max: true });
    this.beta2 = numberOption(`${field}.beta2`, options.beta2, defaults.beta2, 0, 1, { max: true });
    this.epsilon = numberOption(`${field}.epsilon`, options.epsilon, defaults.epsilon, 0, Infinity, { min: true });
  }

  saveState(): OptimizerState {
    const [m] = saved(this.m);
    const [v] = saved(this.v);
    return { name: 'adam', steps: this.t, tensors: m === undefined ? {} : { m, v } };
  }

  restoreState(state: OptimizerState): void {
    this.t = state.steps;
    this.restored = state.tensors;
    this.m = this.v = null;
  }

  step(params: FloatArray, grads: FloatArray): void {
    const { learningRate, beta1, beta2, epsilon, backend } = this;
    const m = (this.m ??= stateFrom(params, backend, this.restored.m));
    const v = (this.v ??= stateFrom(params, backend, this.restored.v));
    const t = ++this.t;
    const correction1 = 1 - beta1 ** t; // bias corrections, folded into the step size
    const correction2 = 1 - beta2 ** t;
    const stepSize = (learningRate * Math.sqrt(correction2)) / correction1;
    const eps = epsilon * Math.sqrt(correction2);
    if (backend?.adamStep && backend.owns(params) && backend.owns(m)) {
      backend.adamStep(params, grads, m, v, stepSize, beta1, beta2, eps); // the same loop, natively
      return;
    }
    // Each kept value below the dtype's smallest normal number becomes 0 (optimizer-interface.ts).
    const tiny = smallestNormal(params);
    for (let k = 0; k < params.length; k++) {
      const g = grads[k];
      m[k] = beta1 * m[k] + (1 - beta1) * g; // first moment
      if (Math.abs(m[k]) < tiny) m[k] = 0;
      v[k] = beta2 * v[k] + (1 - beta2) * g * g; // second moment
      if (v[k] < tiny) v[k] = 0;
      params[k] -= (stepSize * m[k]) / (Math.sqrt(v[k]) + eps);
      if (Math.abs(params[k]) < tiny) params[k] = 0;
    }
  }
}

export function adam(options: AdamOptions, field = 'optimizer', backend?: Backend): Optimizer {
  return new Adam(options, field, backend);
}
