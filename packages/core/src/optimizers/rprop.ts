/**
 * iRPROP− (Igel & Hüsken 2000, "Improving the Rprop learning algorithm"), FANN's default trainer.
 * Each weight has its own step Δ that grows by η⁺ while its gradient keeps its sign and shrinks by
 * η⁻ when the sign flips (then that weight skips one update). Only the gradient's sign is used,
 * so it needs the gradient of the whole training set: full batch only.
 */
import type { FloatArray } from '../matrix.js';
import type { Backend } from '../backend.js';
import { numberOption } from '../options.js';
import { stateLike, type Optimizer } from './optimizer.js';

export interface RpropOptions {
  /** η⁺ > 1, default 1.2. */
  increase?: number;
  /** η⁻ in (0, 1), default 0.5. */
  decrease?: number;
  /** Δ₀, the first step, default 0.1 (as FANN). */
  initialStep?: number;
  minStep?: number;
  maxStep?: number;
}

export function rprop(options: RpropOptions, field = 'optimizer', backend?: Backend): Optimizer {
  const increase = numberOption(`${field}.increase`, options.increase, 1.2, 1, Infinity, { min: true });
  const decrease = numberOption(`${field}.decrease`, options.decrease, 0.5, 0, 1, { min: true, max: true });
  const initialStep = numberOption(`${field}.initialStep`, options.initialStep, 0.1, 0, Infinity, { min: true });
  const minStep = numberOption(`${field}.minStep`, options.minStep, 1e-6, 0, Infinity);
  const maxStep = numberOption(`${field}.maxStep`, options.maxStep, 50, minStep, Infinity, { min: true });
  let step: FloatArray | null = null;
  let previous: FloatArray | null = null;
  return {
    name: 'rprop',
    fullBatch: true,
    step(params, grads) {
      if (step === null) {
        step = stateLike(params, backend).fill(initialStep);
        previous = stateLike(params, backend);
      }
      const delta = step;
      const before = previous as FloatArray;
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
    },
  };
}
