/**
 * A line search satisfying the strong Wolfe conditions (Nocedal & Wright, "Numerical Optimization",
 * 2nd ed., algorithms 3.5 and 3.6), as PyTorch's LBFGS runs it (`_strong_wolfe`, cubic
 * interpolation): a step t along d from x with
 *   f(x + t·d) ≤ f(x) + c₁·t·∇f(x)·d          (sufficient decrease)
 *   |∇f(x + t·d)·d| ≤ c₂·|∇f(x)·d|            (curvature)
 * c₁ = 1e-4, c₂ = 0.9, at most 25 evaluations. A non-finite cost counts as too high a one.
 */

/** f and its gradient at x + t·d (the gradient is the caller's buffer, overwritten by the next call). */
export type LineFunction = (t: number) => { f: number; g: Float64Array };

const C1 = 1e-4;
const C2 = 0.9;
const MAX_EVALUATIONS = 25;
const TOLERANCE_CHANGE = 1e-9;

interface Point {
  t: number;
  f: number;
  gtd: number;
}

/** The step t found along d (∇f(x)·d = gtd < 0) from f(x) = f, starting with the trial step t. */
export function strongWolfe(line: LineFunction, d: Float64Array, t: number, f: number, gtd: number): { t: number; f: number } {
  let dNorm = 0;
  for (let k = 0; k < d.length; k++) dNorm = Math.max(dNorm, Math.abs(d[k]));
  const at = (step: number): Point => {
    const { f: value, g } = line(step);
    let slope = 0;
    for (let k = 0; k < d.length; k++) slope += g[k] * d[k];
    return { t: step, f: Number.isFinite(value) ? value : Infinity, gtd: Number.isFinite(value) ? slope : Infinity };
  };
  let previous: Point = { t: 0, f, gtd };
  let current = at(t);
  let evaluations = 1;
  let bracket: Point[] | null = null;
  let done = false;
  // Bracketing: grow the step until the interval holds a point that satisfies both conditions.
  while (evaluations <= MAX_EVALUATIONS) {
    if (current.f > f + C1 * current.t * gtd || (evaluations > 2 && current.f >= previous.f)) {
      bracket = [previous, current];
      break;
    }
    if (Math.abs(current.gtd) <= -C2 * gtd) {
      bracket = [current];
      done = true;
      break;
    }
    if (current.gtd >= 0) {
      bracket = [previous, current];
      break;
    }
    const next = cubicMinimum(previous, current, current.t + 0.01 * (current.t - previous.t), current.t * 10);
    previous = current;
    current = at(next);
    evaluations++;
  }
  bracket ??= [{ t: 0, f, gtd }, current];
  // Zoom: shrink the bracket [low, high] around a point that satisfies both conditions.
  let insufficientProgress = false;
  let [low, high] = bracket.length === 2 && bracket[1].f < bracket[0].f ? [1, 0] : [0, 1];
  while (!done && bracket.length === 2 && evaluations <= MAX_EVALUATIONS) {
    const [a, b] = bracket;
    if (Math.abs(b.t - a.t) * dNorm < TOLERANCE_CHANGE) break;
    let step = cubicMinimum(a, b, Math.min(a.t, b.t), Math.max(a.t, b.t));
    const top = Math.max(a.t, b.t);
    const bottom = Math.min(a.t, b.t);
    const eps = 0.1 * (top - bottom);
    if (Math.min(top - step, step - bottom) < eps) {
      // Too close to an end: move away from it, unless the last step made progress.
      if (insufficientProgress || step >= top || step <= bottom) {
        step = Math.abs(step - top) < Math.abs(step - bottom) ? top - eps : bottom + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    const point = at(step);
    evaluations++;
    if (point.f > f + C1 * point.t * gtd || point.f >= bracket[low].f) {
      bracket[high] = point;
      [low, high] = bracket[0].f <= bracket[1].f ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(point.gtd) <= -C2 * gtd) done = true;
      else if (point.gtd * (bracket[high].t - bracket[low].t) >= 0) bracket[high] = bracket[low];
      bracket[low] = point;
    }
  }
  const best = bracket[bracket.length === 1 ? 0 : low];
  return { t: best.t, f: best.f };
}

/**
 * The minimum of the cubic through two points with their slopes, clamped into [lower, upper];
 * the middle of the bounds when the cubic has none.
 */
function cubicMinimum(p: Point, q: Point, lower: number, upper: number): number {
  const d1 = p.gtd + q.gtd - (3 * (p.f - q.f)) / (p.t - q.t);
  const square = d1 * d1 - p.gtd * q.gtd;
  if (!(square >= 0) || !Number.isFinite(square)) return (lower + upper) / 2;
  const d2 = Math.sqrt(square);
  const min = p.t <= q.t ? q.t - (q.t - p.t) * ((q.gtd + d2 - d1) / (q.gtd - p.gtd + 2 * d2)) : p.t - (p.t - q.t) * ((p.gtd + d2 - d1) / (p.gtd - q.gtd + 2 * d2));
  return Number.isFinite(min) ? Math.min(Math.max(min, lower), upper) : (lower + upper) / 2;
}
