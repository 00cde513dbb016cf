/**
 * Stochastic gradient descent with classical or Nesterov momentum, in the form of Sutskever et al.
 * 2013, "On the importance of initialization and momentum in deep learning":
 *   v ← μ·v − η·g;   w ← w + v   (classical)   or   w ← w + μ·v − η·g   (Nesterov).
 */
import type { FloatArray } from '../data/matrix.js';
import type { Backend } from '../backend/backend.js';
import { booleanOption, numberOption } from '../options.js';
import { OPTIMIZER_DEFAULTS } from '../defaults/defaults.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { saved, smallestNormal, stateFrom, type Optimizer, type OptimizerState } from './optimizer-interface.js';

/**
 * Stochastic gradient descent's settings: w ← w − η·g; with momentum μ, v ← μ·v − η·g and then
 * w ← w + v (classical) or w ← w + μ·v − η·g (`nesterov`).
 */
export interface SgdOptions {
  /** η, default 0.01. */
  learningRate?: number;
  /** μ in [0, 1), default 0 (plain gradient descent). */
  momentum?: number;
  nesterov?: boolean;
}

const SGD_OPTIONS = optionNames<SgdOptions & { name: 'sgd' }>({ name: true, learningRate: true, momentum: true, nesterov: true });

/**
 * A class, not a closure per training: every fit then runs the one `step` the JIT has already
 * compiled, which online training of a small network (a call per sample) notices.
 */
class Sgd implements Optimizer {
  readonly name = 'sgd';
  readonly fullBatch = false;
  /** η; a schedule may change it between epochs (schedules.ts). */
  learningRate: number;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private velocity: FloatArray | null = null;
  private restored: FloatArray | undefined;

  constructor(
    options: SgdOptions,
    field: string,
    private readonly backend: Backend | undefined,
  ) {
    checkOptions(options, SGD_OPTIONS, 'the sgd optimizer', field);
    const defaults = OPTIMIZER_DEFAULTS.sgd;
    this.learningRate = numberOption(`${field}.learningRate`, options.learningRate, defaults.learningRate, 0, Infinity, { min: true });
    this.momentum = numberOption(`${field}.momentum`, options.momentum, defaults.momentum, 0, 1, { max: true });
    this.nesterov = booleanOption(`${field}.nesterov`, options.nesterov, defaults.nesterov);
  }

  /** η while there is no momentum (see Optimizer.descentRate). */
  get descentRate(): number | undefined {
    return this.momentum === 0 ? this.learningRate : undefined;
  }

  saveState(): OptimizerState {
    const [velocity] = saved(this.velocity);
    return { name: 'sgd', steps: 0, tensors: velocity === undefined ? {} : { velocity } };
  }

  restoreState(state: OptimizerState): void {
    this.restored = state.tensors.velocity;
    this.velocity = null;
  }

  step(params: FloatArray, grads: FloatArray): void {
    const { learningRate, momentum, nesterov, backend } = this;
    if (momentum > 0) this.velocity ??= stateFrom(params, backend, this.restored);
    const velocity = this.velocity;
    if (backend?.sgdStep && backend.owns(params) && (velocity === null || backend.owns(velocity))) {
      backend.sgdStep(params, grads, velocity, learningRate, momentum, nesterov); // the same loop, natively
      return;
    }
    if (velocity === null) {
      for (let k = 0; k < params.length; k++) params[k] -= learningRate * grads[k];
      return;
    }
    // With momentum, each kept value below the dtype's smallest normal number becomes 0
    // (optimizer-interface.ts); plain gradient descent above is exactly w ← w − ηg.
    const tiny = smallestNormal(params);
    for (let k = 0; k < params.length; k++) {
      velocity[k] = momentum * velocity[k] - learningRate * grads[k];
      if (Math.abs(velocity[k]) < tiny) velocity[k] = 0;
      params[k] += nesterov ? momentum * velocity[k] - learningRate * grads[k] : velocity[k];
      if (Math.abs(params[k]) < tiny) params[k] = 0;
    }
  }
}

export function sgd(options: SgdOptions, field = 'optimizer', backend?: Backend): Optimizer {
  return new Sgd(options, field, backend);
}
