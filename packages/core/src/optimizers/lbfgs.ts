/**
 * L-BFGS (Liu & Nocedal 1989, "On the limited memory BFGS method for large scale optimization"),
 * full batch, one iteration per epoch, as PyTorch's `torch.optim.LBFGS` with
 * `line_search_fn='strong_wolfe'` runs it: the direction d = −H·g from the last `history` pairs
 * (s = the step taken, y = the change of gradient it caused) by the two-loop recursion (Nocedal &
 * Wright, algorithm 7.4) with H₀ = (s·y / y·y)·I, then a line search that satisfies the strong
 * Wolfe conditions (line-search.ts), which re-evaluates the cost through the training's objective.
 * The first step is min(1, 1/‖g‖₁)·η, later ones start at η. A pair with s·y ≤ 1e-10 is not kept.
 */
import type { Backend } from '../backend/backend.js';
import type { FloatArray } from '../data/matrix.js';
import { integerOption, numberOption } from '../options.js';
import { OPTIMIZER_DEFAULTS } from '../defaults/defaults.js';
import { ConfigError } from '../errors.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { strongWolfe } from './line-search.js';
import type { Objective, Optimizer, OptimizerState } from './optimizer-interface.js';

/** L-BFGS's settings (PyTorch's lr and history_size). */
export interface LbfgsOptions {
  /** η, the first trial step of each line search (scaled by 1/‖g‖₁ on the first), default 1. */
  learningRate?: number;
  /** m, the (s, y) pairs remembered, default 10. */
  history?: number;
}

const LBFGS_OPTIONS = optionNames<LbfgsOptions & { name: 'lbfgs' }>({ name: true, learningRate: true, history: true });

class Lbfgs implements Optimizer {
  readonly name = 'lbfgs';
  readonly fullBatch = true;
  learningRate: number;
  private readonly history: number;
  // Kept in the parameters' own type (float32 for a float32 network), so that a checkpoint holds them exactly.
  private s: FloatArray[] = []; // the steps taken, oldest first
  private y: FloatArray[] = []; // the gradient changes they caused
  private lastStep: FloatArray | null = null; // t·d of the last iteration
  private gradient: FloatArray | null = null; // g at the start of the last iteration
  private iterations = 0;

  constructor(options: LbfgsOptions, field: string, _backend: Backend | undefined) {
    checkOptions(options, LBFGS_OPTIONS, 'the lbfgs optimizer', field);
    const defaults = OPTIMIZER_DEFAULTS.lbfgs;
    this.learningRate = numberOption(`${field}.learningRate`, options.learningRate, defaults.learningRate, 0, Infinity, { min: true });
    this.history = integerOption(`${field}.history`, options.history, defaults.history, 1);
  }

  saveState(): OptimizerState {
    if (this.gradient === null) return { name: 'lbfgs', steps: this.iterations, tensors: {} };
    const rows = (list: FloatArray[]) => {
      const out = like(this.gradient!, list.length * this.gradient!.length);
      list.forEach((row, i) => out.set(row, i * row.length));
      return out;
    };
    return { name: 'lbfgs', steps: this.iterations, tensors: { s: rows(this.s), y: rows(this.y), lastStep: this.lastStep!.slice(), gradient: this.gradient.slice() } };
  }

  restoreState(state: OptimizerState): void {
    const { s, y, lastStep, gradient } = state.tensors;
    this.iterations = state.steps;
    this.gradient = gradient === undefined ? null : gradient.slice();
    this.lastStep = lastStep === undefined ? null : lastStep.slice();
    const split = (flat: FloatArray | undefined) => {
      const n = gradient?.length ?? 1;
      return flat === undefined ? [] : Array.from({ length: flat.length / n }, (_, i) => flat.slice(i * n, (i + 1) * n));
    };
    this.s = split(s);
    this.y = split(y);
  }

  step(params: FloatArray, grads: FloatArray, objective?: Objective): void {
    if (objective === undefined) throw new ConfigError('optimizer', 'lbfgs needs the whole training set for each step (full batch)');
    const n = params.length;
    const g = Float64Array.from(grads); // ∇J at x, before the line search overwrites grads
    const f = objective.cost; // J at x
    this.remember(g, params);
    const d = this.direction(g);
    let gtd = 0;
    for (let k = 0; k < n; k++) gtd += g[k] * d[k];
    this.iterations++;
    this.gradient = like(params, n);
    this.gradient.set(g);
    if (!(gtd < -TOLERANCE_CHANGE)) {
      this.lastStep = like(params, n); // not a descent direction (a minimum, to rounding): stay
      return;
    }
    let l1 = 0;
    for (let k = 0; k < n; k++) l1 += Math.abs(g[k]);
    const first = this.iterations === 1 ? Math.min(1, 1 / l1) * this.learningRate : this.learningRate;
    const x = Float64Array.from(params);
    const trial = new Float64Array(n);
    const line = (t: number) => {
      for (let k = 0; k < n; k++) params[k] = x[k] + t * d[k];
      const value = objective.evaluate();
      trial.set(grads);
      return { f: value, g: trial };
    };
    const { t } = strongWolfe(line, d, first, f, gtd);
    for (let k = 0; k < n; k++) params[k] = x[k] + t * d[k];
    this.lastStep = like(params, n);
    for (let k = 0; k < n; k++) this.lastStep[k] = t * d[k];
  }

  /** Keeps the pair (s, y) of the last iteration when its curvature s·y is positive. */
  private remember(g: Float64Array, params: FloatArray): void {
    const { lastStep, gradient } = this;
    if (lastStep === null || gradient === null) return;
    const y = like(params, g.length);
    for (let k = 0; k < y.length; k++) y[k] = g[k] - gradient[k];
    let ys = 0;
    for (let k = 0; k < y.length; k++) ys += y[k] * lastStep[k];
    if (!(ys > 1e-10)) return;
    if (this.s.length === this.history) {
      this.s.shift();
      this.y.shift();
    }
    this.s.push(lastStep);
    this.y.push(y);
  }

  /** d = −H·g by the two-loop recursion over the remembered pairs, H₀ = (s·y / y·y) of the newest. */
  private direction(g: Float64Array): Float64Array {
    const { s, y } = this;
    const q = g.map((v) => -v);
    const count = s.length;
    if (count === 0) return q;
    const dot = (a: FloatArray, b: FloatArray) => {
      let sum = 0;
      for (let k = 0; k < a.length; k++) sum += a[k] * b[k];
      return sum;
    };
    const rho = s.map((si, i) => 1 / dot(y[i], si));
    const alpha = new Float64Array(count);
    for (let i = count - 1; i >= 0; i--) {
      alpha[i] = dot(s[i], q) * rho[i];
      for (let k = 0; k < q.length; k++) q[k] -= alpha[i] * y[i][k];
    }
    const scale = dot(y[count - 1], s[count - 1]) / dot(y[count - 1], y[count - 1]); // H₀
    for (let k = 0; k < q.length; k++) q[k] *= scale;
    for (let i = 0; i < count; i++) {
      const beta = dot(y[i], q) * rho[i];
      for (let k = 0; k < q.length; k++) q[k] += s[i][k] * (alpha[i] - beta);
    }
    return q;
  }
}

/** A zero-filled array of `length` of the same type as `array`. */
const like = (array: FloatArray, length: number): FloatArray => new (array.constructor as Float64ArrayConstructor)(length);

/** PyTorch's tolerance_change: a directional derivative above −this is no descent. */
const TOLERANCE_CHANGE = 1e-9;

export function lbfgs(options: LbfgsOptions, field = 'optimizer', backend?: Backend): Optimizer {
  return new Lbfgs(options, field, backend);
}
