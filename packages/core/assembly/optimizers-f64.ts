// optimizers.ts's steps over float64 buffers, two parameters at a time, each written as the
// reference loops of src/optimizers/*.ts write it, operation for operation ((1 − β₂)·g·g is
// ((1 − β₂)·g)·g there): the same bits. Kept values below the smallest normal float64, 2⁻¹⁰²²,
// are flushed to zero, as in optimizers.ts and the reference loops.

const TINY: f64 = 2.2250738585072014e-308; // 2⁻¹⁰²²

@inline function flush2(x: v128): v128 {
  return v128.andnot(x, f64x2.lt(f64x2.abs(x), f64x2.splat(TINY)));
}

@inline function flush(x: f64): f64 {
  return Math.abs(x) < TINY ? 0 : x;
}

// Adam: m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  w ← w − stepSize·m / (√v + ε)
// (stepSize and ε already carry the bias corrections, as in src/optimizers/adam.ts).
export function adamStepF64(p: usize, g: usize, m: usize, v: usize, count: i32, stepSize: f64, beta1: f64, beta2: f64, epsilon: f64): void {
  const b1 = f64x2.splat(beta1), c1 = f64x2.splat(1 - beta1);
  const b2 = f64x2.splat(beta2), c2 = f64x2.splat(1 - beta2);
  const step = f64x2.splat(stepSize), eps = f64x2.splat(epsilon);
  let k = 0;
  for (; k + 2 <= count; k += 2) {
    const o = <usize>k << 3;
    const gk = v128.load(g + o);
    const mk = flush2(f64x2.add(f64x2.mul(b1, v128.load(m + o)), f64x2.mul(c1, gk)));
    const vk = flush2(f64x2.add(f64x2.mul(b2, v128.load(v + o)), f64x2.mul(f64x2.mul(c2, gk), gk)));
    v128.store(m + o, mk);
    v128.store(v + o, vk);
    v128.store(p + o, flush2(f64x2.sub(v128.load(p + o), f64x2.div(f64x2.mul(step, mk), f64x2.add(f64x2.sqrt(vk), eps)))));
  }
  if (k < count) {
    const o = <usize>k << 3;
    const gk = load<f64>(g + o);
    const mk = flush(beta1 * load<f64>(m + o) + (1 - beta1) * gk);
    const vk = flush(beta2 * load<f64>(v + o) + (1 - beta2) * gk * gk);
    store<f64>(m + o, mk);
    store<f64>(v + o, vk);
    store<f64>(p + o, flush(load<f64>(p + o) - (stepSize * mk) / (Math.sqrt(vk) + epsilon)));
  }
}

// SGD with momentum μ (velocity ptr ignored when μ = 0):
// v ← μv − ηg;  w ← w + v (classical) or w ← w + μv − ηg (Nesterov).
export function sgdStepF64(p: usize, g: usize, velocity: usize, count: i32, learningRate: f64, momentum: f64, nesterov: bool): void {
  const lr = f64x2.splat(learningRate), mu = f64x2.splat(momentum);
  let k = 0;
  if (momentum == 0) {
    for (; k + 2 <= count; k += 2) {
      const o = <usize>k << 3;
      v128.store(p + o, f64x2.sub(v128.load(p + o), f64x2.mul(lr, v128.load(g + o))));
    }
    if (k < count) {
      const o = <usize>k << 3;
      store<f64>(p + o, load<f64>(p + o) - learningRate * load<f64>(g + o));
    }
    return;
  }
  for (; k + 2 <= count; k += 2) {
    const o = <usize>k << 3;
    const step = f64x2.mul(lr, v128.load(g + o));
    const vk = flush2(f64x2.sub(f64x2.mul(mu, v128.load(velocity + o)), step));
    v128.store(velocity + o, vk);
    v128.store(p + o, flush2(f64x2.add(v128.load(p + o), nesterov ? f64x2.sub(f64x2.mul(mu, vk), step) : vk)));
  }
  if (k < count) {
    const o = <usize>k << 3;
    const step = learningRate * load<f64>(g + o);
    const vk = flush(momentum * load<f64>(velocity + o) - step);
    store<f64>(velocity + o, vk);
    store<f64>(p + o, flush(load<f64>(p + o) + (nesterov ? momentum * vk - step : vk)));
  }
}
