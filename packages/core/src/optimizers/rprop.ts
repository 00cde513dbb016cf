/**
 * iRPROP− (Igel & Hüsken 2000, "Improving the Rprop learning algorithm"), FANN's default trainer.
 * Each weight has its own step Δ that grows by η⁺ while its gradient keeps its sign and shrinks by
 * η⁻ when the sign flips (then that weight skips one update). Only the gradient's sign is used,
 * so it needs the gradient of the whole training set: full batch only.
 */
import type { FloatArray } from '../data/matrix.js';
import type { Backend } from '../backend/backend.js';
import { numberOption } from '../options.js';
import { OPTIMIZER_DEFAULTS } from '../defaults/defaults.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { saved, stateFrom, type Optimizer, type OptimizerState } from './optimizer-interface.js';

/**
 * iRPROP−'s settings (Igel & Hüsken 2000): how each weight's own step grows (η⁺) while its
 * gradient keeps its sign and shrinks (η⁻) when it flips, the first step and its bounds.
 */
export interface RpropOptions {
  /** η⁺ > 1, default 1.2. */
  increase?: number;
  /** η⁻ in (0, 1), default 0.5. */
  decrease?: number;
  /** Δ₀, the first step, default 0.1 (as FANN); clamped into [minStep, maxStep]. */
  initialStep?: number;
  minStep?: number;
  maxStep?: number;
}

const RPROP_OPTIONS = optionNames<RpropOptions & { name: 'rprop' }>({ name: true, increase: true, decrease: true, initialStep: true, minStep: true, maxStep: true });

/** A class, so that every fit runs the one compiled `step` (see sgd.ts). */
class Rprop implements Optimizer {
  readonly name = 'rprop';
  readonly fullBatch = true;
  private readonly increase: number;
  private readonly decrease: number;
  private readonly initialStep: number;
  private readonly minStep: number;
  private readonly maxStep: number;
  private delta: FloatArray | null = null;
  private previous: FloatArray | null = null;
  private restored: Record<string, FloatArray> = {};

  constructor(
    options: RpropOptions,
    field: string,
    private readonly backend: Backend | undefined,
  ) {
    checkOptions(options, RPROP_OPTIONS, 'the rprop optimizer', field);
    const defaults = OPTIMIZER_DEFAULTS.rprop;
    this.increase = numberOption(`${field}.increase`, options.increase, defaults.increase, 1, Infinity, { min: true });
    this.decrease = numberOption(`${field}.decrease`, options.decrease, defaults.decrease, 0, 1, { min: true, max: true });
    this.initialStep = numberOption(`${field}.initialStep`, options.initialStep, defaults.initialStep, 0, Infinity, { min: true });
    this.minStep = numberOption(`${field}.minStep`, options.minStep, defaults.minStep, 0, Infinity);
    this.maxStep = numberOption(`${field}.maxStep`, options.maxStep, defaults.maxStep, this.minStep, Infinity, { min: true });
  }

  saveState(): OptimizerState {
    const [delta] = saved(this.delta);
    const [previous] = saved(this.previous);
    return { name: 'rprop', steps: 0, tensors: delta === undefined ? {} : { delta, previous } };
  }

  restoreState(state: OptimizerState): void {
    this.restored = state.tensors;
    this.delta = this.previous = null;
  }

  step(params: FloatArray, grads: FloatArray): void {
    const { increase, decrease, minStep, maxStep } = this;
    // Δ per weight, the first one clamped into [minStep, maxStep] as every later one is (as
    // PyTorch's Rprop clamps its first step, and FANN's min(Δ·η⁺, Δmax)): a maxStep is a maximum.
    const first = Math.min(Math.max(this.initialStep, minStep), maxStep);
    const delta = (this.delta ??= stateFrom(params, this.backend, this.restored.delta, first));
    const before = (this.previous ??= stateFrom(params, this.backend, this.restored.previous)); // the last gradient used
    for (let k = 0; k < params.length; k++) {
      let g = grads[k];
      const sign = g * before[k];
      if (sign > 0) {
        delta[k] = Math.min(delta[k] * increase, maxStep);
      } else if (sign < 0) {
        delta[k] = Math.max(delta[k] * decrease, minStep);
        g = 0; // iRPROP−: after a sign change, forget the gradient and skip this update
      }
      if (g > 0) params[k] -= delta[k];
      else if (g < 0) params[k] += delta[k];
      before[k] = g;
    }
  }
}

export function rprop(options: RpropOptions, field = 'optimizer', backend?: Backend): Optimizer {
  return new Rprop(options, field, backend);
}
