// Optimiser steps over float32 buffers, vectorised; the reference loops are src/optimizers/*.ts.
// Every value a step keeps (the weights, Adam's moments, the momentum's velocity) is flushed to
// zero when it falls below the smallest normal float32, 2⁻¹²⁶, as the reference loops do: a
// weight decayed that far or a moment of a gradient that stays zero would otherwise sink into
// subnormal numbers, which the processor handles hundreds of times slower, step after step.

const TINY: f32 = 1.1754943508222875e-38; // 2⁻¹²⁶

// x, or 0 where |x| < 2⁻¹²⁶ (NaN stays NaN, so divergence is still seen).
@inline function flush4(x: v128): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(TINY)));
}

@inline function flush(x: f32): f32 {
  return Mathf.abs(x) < TINY ? 0 : x;
}

// Adam: m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  w ← w − stepSize·m / (√v + ε)
// (stepSize and ε already carry the bias corrections, as in src/optimizers/adam.ts).
export function adamStep(p: usize, g: usize, m: usize, v: usize, count: i32, stepSize: f32, beta1: f32, beta2: f32, epsilon: f32): void {
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2), c2 = f32x4.splat(1 - beta2);
  const step = f32x4.splat(stepSize), eps = f32x4.splat(epsilon);
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const o = <usize>k << 2;
    const gk = v128.load(g + o);
    const mk = flush4(f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gk)));
    const vk = flush4(f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(c2, f32x4.mul(gk, gk))));
    v128.store(m + o, mk);
    v128.store(v + o, vk);
    v128.store(p + o, flush4(f32x4.sub(v128.load(p + o), f32x4.div(f32x4.mul(step, mk), f32x4.add(f32x4.sqrt(vk), eps)))));
  }
  for (; k < count; k++) {
    const o = <usize>k << 2;
    const gk = load<f32>(g + o);
    const mk = flush(beta1 * load<f32>(m + o) + (1 - beta1) * gk);
    const vk = flush(beta2 * load<f32>(v + o) + (1 - beta2) * gk * gk);
    store<f32>(m + o, mk);
    store<f32>(v + o, vk);
    store<f32>(p + o, flush(load<f32>(p + o) - (stepSize * mk) / (Mathf.sqrt(vk) + epsilon)));
  }
}

// SGD with momentum μ (velocity ptr ignored when μ = 0):
// v ← μv − ηg;  w ← w + v (classical) or w ← w + μv − ηg (Nesterov). Plain SGD (μ = 0) is
// w ← w − ηg exactly, with no flush (the compiled online step of online.ts takes it too).
export function sgdStep(p: usize, g: usize, velocity: usize, count: i32, learningRate: f32, momentum: f32, nesterov: bool): void {
  const lr = f32x4.splat(learningRate), mu = f32x4.splat(momentum);
  let k = 0;
  if (momentum == 0) {
    for (; k + 4 <= count; k += 4) {
      const o = <usize>k << 2;
      v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.mul(lr, v128.load(g + o))));
    }
    for (; k < count; k++) {
      const o = <usize>k << 2;
      store<f32>(p + o, load<f32>(p + o) - learningRate * load<f32>(g + o));
    }
    return;
  }
  for (; k + 4 <= count; k += 4) {
    const o = <usize>k << 2;
    const step = f32x4.mul(lr, v128.load(g + o));
    const vk = flush4(f32x4.sub(f32x4.mul(mu, v128.load(velocity + o)), step));
    v128.store(velocity + o, vk);
    v128.store(p + o, flush4(f32x4.add(v128.load(p + o), nesterov ? f32x4.sub(f32x4.mul(mu, vk), step) : vk)));
  }
  for (; k < count; k++) {
    const o = <usize>k << 2;
    const step = learningRate * load<f32>(g + o);
    const vk = flush(momentum * load<f32>(velocity + o) - step);
    store<f32>(velocity + o, vk);
    store<f32>(p + o, flush(load<f32>(p + o) + (nesterov ? momentum * vk - step : vk)));
  }
}
