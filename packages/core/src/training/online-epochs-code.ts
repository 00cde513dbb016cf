/**
 * The WebAssembly module that trains one network shape online (online-epochs.ts): `train` runs
 * whole epochs (the shuffle, then each sample's step, the epoch's summed cost, the divergence and
 * target-loss checks), `step` one sample: forward → loss → backward → w ← w − η·∂J/∂w, with every
 * neuron's z, a and residual δ in a local and every loop unrolled, as online.ts's compiled step
 * (with `descend`), operation for operation and in the same order. A float32 network rounds to
 * float32 (f32.demote, f64.promote) wherever that step rounds (Math.fround, or a store into a
 * Float32Array), or computes in f32 where that step rounds one operation of two float32 values
 * (the same bits, below); e^x is fdlibm's, V8's Math.exp to the bit, written inline (online-exp.ts), and the
 * shuffle is imported from assembly/online-epochs.ts (src/random.ts's draws). So the weights, gradients, epoch losses, row order and
 * generator state are the compiled step's, bit for bit (online-epochs.test.ts).
 *
 * `step` is a function of its own, called once a sample: V8 runs a new module in its baseline
 * code (Liftoff) at once and optimises a function once it has run a while, but cannot swap the
 * optimised code into a call in progress; a small function called often is swapped early, even
 * while `train`'s loop runs on in its first call.
 */
import { emitExpOfNonPositive, expFunction } from './online-exp.js';
import { Code, EMPTY, F32, F64, I32, moduleBytes, op, type FunctionDef } from './wasm-writer.js';
import { parameterCount } from '../network/network-config.js';

/** What the code is written for: the activations by their numbers (online-epochs.ts's KIND). */
export interface Shape {
  layers: readonly number[];
  kinds: readonly number[];
  /** Each layer's leaky-relu slope (0 for the others). */
  alphas: readonly number[];
  float32: boolean;
  /** Whether training has an L2 term. */
  l2: boolean;
}

const LINEAR = 0;
const RELU = 1;
const LEAKY_RELU = 2;
const SIGMOID = 3;

// The memory (byte offsets): a header, then params, grads and lastGood (the params at the start
// of the epoch), P float64 each; the data, order and losses follow, where the caller puts them.
export const RATE = 0; // f64: η
export const L2 = 8; // f64: the L2 factor
export const TARGET = 16; // f64: the target loss (−∞ for none)
export const COST = 24; // f64, out: the cost that was not finite
export const STATUS = 32; // i32, out: 0 every epoch ran, 1 the target loss was reached, 2 diverged
export const RANDOM = 48; // i32 (4): xoshiro128**'s state words
export const PARAMS = 64;

// Function numbers: the import, then those defined here.
const SHUFFLE = 0;
const STEP = 1;
const EXP = 3; // e^x where the inline code does not go (x ≤ −709.78…, NaN)

/** The module's bytes. */
export function epochsModule(shape: Shape): Uint8Array {
  const P = parameterCount(shape.layers);
  return moduleBytes(
    [{ module: 'env', name: 'shuffle', params: [I32, I32, I32], results: [] }],
    [stepFunction(shape), trainFunction(shape.layers, P), expFunction()],
  );
}

/**
 * step(x, y) → J: one sample, its inputs at byte x and targets at byte y. Names as online.ts's:
 * a[l][i] is neuron i's activation in layer l (layer 0 the inputs), z its weighted input, d its residual.
 */
function stepFunction({ layers, kinds, alphas, float32, l2 }: Shape): FunctionDef {
  const code = new Code();
  const locals: number[] = [];
  const local = (type = F64) => 2 + locals.push(type) - 1; // after the two parameters
  const round = () => (float32 ? code.emit(op.f32DemoteF64, op.f64PromoteF32) : code);
  // float32: the f64 on the stack rounded, as round(), and kept as an f32 in the local `to` too
  const roundKeeping = (to: number) => code.emit(op.f32DemoteF64).tee(to).emit(op.f64PromoteF32);
  const last = layers.length - 1;
  const weightAt: number[] = [];
  const biasAt: number[] = [];
  for (let l = 0, offset = 0; l < last; l++) {
    weightAt.push(offset);
    offset += layers[l] * layers[l + 1];
    biasAt.push(offset);
    offset += layers[l + 1];
  }
  const w = (l: number, i: number, j: number) => weightAt[l] + i * layers[l + 1] + j; // params index
  const P = parameterCount(layers);
  const GRADS = PARAMS + 8 * P;
  const param = (k: number) => code.i32(0).loadF64(PARAMS + 8 * k);
  const neurons = (n: number) => Array.from({ length: n }, () => local());
  const a = layers.map(neurons);
  const z = layers.map(neurons);
  const d = layers.map(neurons);
  const rate = local();
  const factor = local(); // l2
  const e = local();
  const cost = local();
  const sum = local();
  const value = local();
  const t = neurons(layers[last]);
  // float32: every activation, residual and target as an f32 too, for the lines that compute in
  // f32 (below)
  const neurons32 = (n: number) => Array.from({ length: n }, () => local(F32));
  const a32 = float32 ? layers.map(neurons32) : [];
  const d32 = float32 ? layers.map(neurons32) : [];
  const t32 = float32 ? neurons32(layers[last]) : [];
  const expLocals = { x: local(), hi: local(), lo: local(), t: local(), c: local(), y: local(), hx: local(I32), negative: local(I32), k: local(I32) };

  // e^x's instructions, the same for every sigmoid neuron (they share expLocals): written once
  let exp: number[] | null = null;
  const expBytes = () => (exp ??= emitExpOfNonPositive(new Code(), expLocals, EXP).bytes);
  // f(z) onto the stack, as activations.ts computes it
  const activate = (kind: number, alpha: number, zl: number) => {
    if (kind === SIGMOID) {
      // z ≥ 0 ? 1 / (1 + e^−z) : e^z / (1 + e^z), with e = e^−|z|: the e^ either branch takes
      // (−(+0) and −|−0| are both −0), and no branch on z's sign, which a processor cannot predict
      code.get(zl).emit(op.f64Abs, op.f64Neg).append(expBytes());
      code.set(e).f64(1).get(e).get(zl).f64(0).emit(op.f64Ge, op.select).f64(1).get(e).emit(op.f64Add, op.f64Div);
    } else if (kind === RELU) {
      code.get(zl).f64(0).get(zl).f64(0).emit(op.f64Gt, op.select); // z > 0 ? z : 0
    } else if (kind === LEAKY_RELU) {
      code.get(zl).f64(alpha).get(zl).emit(op.f64Mul).get(zl).f64(0).emit(op.f64Gt, op.select); // z > 0 ? z : α·z
    } else {
      code.get(zl);
    }
  };
  // f′(z) onto the stack, from z and a = f(z)
  const derivative = (kind: number, alpha: number, zl: number, al: number) => {
    if (kind === SIGMOID) code.get(al).f64(1).get(al).emit(op.f64Sub, op.f64Mul); // a(1 − a)
    else if (kind === RELU) code.f64(1).f64(0).get(zl).f64(0).emit(op.f64Gt, op.select);
    else if (kind === LEAKY_RELU) code.f64(1).f64(alpha).get(zl).f64(0).emit(op.f64Gt, op.select);
    else code.f64(1);
  };

  code.i32(0).loadF64(RATE).set(rate);
  if (l2) code.i32(0).loadF64(L2).set(factor);
  for (let i = 0; i < layers[0]; i++) {
    code.get(0).loadF64(8 * i).set(a[0][i]); // float32: already rounded by online-epochs.ts
    if (float32) code.get(a[0][i]).emit(op.f32DemoteF64).set(a32[0][i]);
  }
  // forward: z = a·W + b accumulated input by input, as kernels.ts linearForward; a = f(z)
  for (let l = 0; l < last; l++) {
    for (let j = 0; j < layers[l + 1]; j++) {
      param(biasAt[l] + j).set(z[l + 1][j]);
      for (let i = 0; i < layers[l]; i++) {
        code.get(z[l + 1][j]).get(a[l][i]);
        param(w(l, i, j)).emit(op.f64Mul, op.f64Add);
        round();
        code.set(z[l + 1][j]);
      }
      activate(kinds[l], alphas[l], z[l + 1][j]);
      if (float32) roundKeeping(a32[l + 1][j]);
      code.set(a[l + 1][j]);
    }
  }
  // loss: mse's ½·Σ (a − y)², then / 1 (the mean over a batch of one), plus (l2/2)·Σw²
  code.f64(0).set(sum);
  for (let j = 0; j < layers[last]; j++) {
    code.get(1).loadF64(8 * j).set(t[j]);
    if (float32) code.get(t[j]).emit(op.f32DemoteF64).set(t32[j]);
    code.get(sum).get(a[last][j]).get(t[j]).emit(op.f64Sub).tee(value).get(value).emit(op.f64Mul, op.f64Add).set(sum);
  }
  code.get(sum).f64(2).emit(op.f64Div).f64(1).emit(op.f64Div).set(cost);
  if (l2) {
    code.f64(0).set(sum);
    for (let l = 0; l < last; l++) {
      for (let k = weightAt[l]; k < biasAt[l]; k++) {
        code.get(sum);
        param(k);
        param(k).emit(op.f64Mul, op.f64Add).set(sum);
      }
    }
    code.get(cost).get(factor).f64(2).emit(op.f64Div).get(sum).emit(op.f64Mul, op.f64Add).set(cost);
  }
  // backward: the output residual (mse's gradient a − y, stored in the dtype, times f′; linear's
  // shortcut is a − y), then each layer's residual below, db and dW with their steps.
  // float32: where the TypeScript step rounds one operation (+, −, ×) of two float32 values,
  // computed in float64, to float32, the same operation in f32 gives the same bits: a float64
  // result rounded again to float32 is the correctly rounded float32 one, as 53 ≥ 2·24 + 2
  // (Figueroa, "When is double rounding innocuous?", 1995). That takes a demote off the chain of
  // dependent operations that runs from sample to sample (a demote and a promote cost about 5 ns
  // here).
  const outputKind = kinds[last - 1];
  for (let j = 0; j < layers[last]; j++) {
    if (float32) {
      code.get(a32[last][j]).get(t32[j]).emit(op.f32Sub); // a − y in f32
      if (outputKind !== LINEAR) {
        code.emit(op.f64PromoteF32);
        derivative(outputKind, alphas[last - 1], z[last][j], a[last][j]);
        code.emit(op.f64Mul, op.f32DemoteF64);
      }
      code.tee(d32[last][j]).emit(op.f64PromoteF32);
    } else {
      code.get(a[last][j]).get(t[j]).emit(op.f64Sub);
      if (outputKind !== LINEAR) {
        derivative(outputKind, alphas[last - 1], z[last][j], a[last][j]);
        code.emit(op.f64Mul);
      }
    }
    code.set(d[last][j]);
  }
  // g = ∂J/∂w into grads, and w ← w − η·g, stored in the dtype
  const gradient = (k: number) => {
    code.i32(0).get(value).storeF64(GRADS + 8 * k);
    code.i32(0);
    param(k).get(rate).get(value).emit(op.f64Mul, op.f64Sub);
    round();
    code.storeF64(PARAMS + 8 * k);
  };
  for (let l = last - 1; l >= 0; l--) {
    const m = layers[l + 1];
    if (l > 0) {
      // δ_i = (0 + Σ_j δ_j·W[l][i][j])·f′(z_i), from W[l] before its step. float32, one term:
      // 0 + δ·W in f32 (the product of two float32 values is exact in float64; adding 0 turns
      // −0 into +0 in both)
      for (let i = 0; i < layers[l]; i++) {
        if (float32 && m === 1) {
          code.f32(0).get(d32[l + 1][0]);
          param(w(l, i, 0)).emit(op.f32DemoteF64, op.f32Mul, op.f32Add, op.f64PromoteF32);
        } else {
          code.f64(0);
          for (let j = 0; j < m; j++) {
            code.get(d[l + 1][j]);
            param(w(l, i, j)).emit(op.f64Mul, op.f64Add);
          }
          round();
        }
        derivative(kinds[l - 1], alphas[l - 1], z[l][i], a[l][i]);
        code.emit(op.f64Mul);
        if (float32) roundKeeping(d32[l][i]);
        code.set(d[l][i]);
      }
    }
    for (let j = 0; j < m; j++) {
      code.get(d[l + 1][j]).set(value);
      gradient(biasAt[l] + j);
    }
    for (let i = 0; i < layers[l]; i++) {
      for (let j = 0; j < m; j++) {
        if (float32) code.get(a32[l][i]).get(d32[l + 1][j]).emit(op.f32Mul, op.f64PromoteF32); // a·δ in f32, as above
        else code.get(a[l][i]).get(d[l + 1][j]).emit(op.f64Mul);
        if (l2) {
          code.get(factor);
          param(w(l, i, j)).emit(op.f64Mul, op.f64Add);
          round();
        }
        code.set(value);
        gradient(w(l, i, j));
      }
    }
  }
  code.get(cost);
  return { params: [I32, I32], results: [F64], locals, code };
}

/**
 * train(epochs, rows, x, y, order, losses, shuffle) → epochs finished: the epochs of `rows`
 * samples in the order of the u32 at `order` (shuffled first when `shuffle` is 1), each
 * epoch's loss (its summed cost / rows) into the f64 at `losses`; STATUS says why it stopped. A sample whose
 * cost is not finite puts back the params of its epoch's start and stops. (Inlining the step,
 * with every param and grad in a local for the whole call, was no faster, and slower to start.)
 */
function trainFunction(layers: readonly number[], P: number): FunctionDef {
  const code = new Code();
  const [epochs, rows, x, y, order, losses, shuffle] = [0, 1, 2, 3, 4, 5, 6];
  const [e, s, row, sum, cost] = [7, 8, 9, 10, 11];
  const LAST_GOOD = PARAMS + 16 * P;
  const copy = (from: number, to: number) => {
    for (let k = 0; k < P; k++) code.i32(0).i32(0).loadF64(from + 8 * k).storeF64(to + 8 * k);
  };
  const n0 = layers[0];
  const nL = layers[layers.length - 1];
  code.i32(0).i32(0).storeI32(STATUS);
  code.emit(op.block, EMPTY, op.loop, EMPTY);
  {
    code.get(e).get(epochs).emit(op.i32GeS, op.brIf, 1);
    code.get(shuffle).emit(op.if, EMPTY).i32(RANDOM).get(order).get(rows).call(SHUFFLE).emit(op.end);
    copy(PARAMS, LAST_GOOD);
    code.f64(0).set(sum).i32(0).set(s);
    code.emit(op.block, EMPTY, op.loop, EMPTY);
    {
      code.get(s).get(rows).emit(op.i32GeS, op.brIf, 1);
      code.get(order).get(s).i32(2).emit(op.i32Shl, op.i32Add).loadI32(0).set(row);
      code.get(x).get(row).i32(8 * n0).emit(op.i32Mul, op.i32Add);
      code.get(y).get(row).i32(8 * nL).emit(op.i32Mul, op.i32Add);
      code.call(STEP).set(cost);
      // not finite: cost − cost is NaN, not 0
      code.get(cost).get(cost).emit(op.f64Sub).f64(0).emit(op.f64Eq, op.i32Eqz, op.if, EMPTY);
      copy(LAST_GOOD, PARAMS);
      code.i32(0).i32(2).storeI32(STATUS).i32(0).get(cost).storeF64(COST).get(e).emit(op.return, op.end);
      code.get(sum).get(cost).emit(op.f64Add).set(sum);
      code.get(s).i32(1).emit(op.i32Add).set(s).emit(op.br, 0);
    }
    code.emit(op.end, op.end);
    code.get(sum).get(rows).emit(op.f64ConvertI32S, op.f64Div).set(sum); // the epoch's loss, as training.ts divides
    code.get(losses).get(e).i32(3).emit(op.i32Shl, op.i32Add).get(sum).storeF64(0);
    code.get(e).i32(1).emit(op.i32Add).set(e);
    code.get(sum).i32(0).loadF64(TARGET).emit(op.f64Le, op.if, EMPTY);
    code.i32(0).i32(1).storeI32(STATUS).get(e).emit(op.return, op.end);
    code.emit(op.br, 0);
  }
  code.emit(op.end, op.end);
  code.get(epochs);
  return { params: [I32, I32, I32, I32, I32, I32, I32], results: [I32], locals: [I32, I32, I32, F64, F64], code, exportAs: 'train' };
}
