/**
 * Whole epochs of online training in one WebAssembly call, for a small network on a small data
 * set: the case of XOR, whose 4-sample epochs make JavaScript's per-epoch bookkeeping (the shuffle,
 * the history, the checks) cost as much as the arithmetic, and whose short training ends before
 * the JIT has optimised either. The module is written for the network's shape
 * (online-epochs-code.ts) and compiled before it runs (V8's baseline compiler, Liftoff), so a fresh
 * process trains at about half the optimised code's speed from the first sample; calls of a
 * bounded number of samples let V8 swap in its optimised code between them (it has no on-stack
 * replacement for WebAssembly).
 *
 * It trains what the compiled step (online.ts) trains, with plain SGD, mse and the activations
 * whose WebAssembly code gives the engine's bits (linear, relu, leaky relu, sigmoid with fdlibm's
 * e^x): the same weights, gradients, epoch losses, row order and generator state, bit for bit, in
 * float64 and float32 (online-epochs.test.ts). Everything a call needs is copied into one memory
 * and back (params, the data, the order, the generator's state), which every shape's module
 * shares with assembly/online-epochs.ts's shuffle.
 */
import type { RowSet } from './batch.js';
import { ONLINE_EPOCHS_WASM_BASE64 } from '../generated/online-epochs-wasm.js';
import type { FloatArray } from '../data/matrix.js';
import type { Network } from '../network/network.js';
import type { Random } from '../random.js';
import { COST, epochsModule, L2, PARAMS, RANDOM, RATE, STATUS, TARGET, type Shape } from './online-epochs-code.js';

/** The largest data set trained this way (rows): it is copied into the module at every call. */
export const ONLINE_EPOCHS_MAX_ROWS = 4096;

/** The activations the module computes to the engine's bits, by the numbers it knows them by. */
const KIND: Partial<Record<string, number>> = { linear: 0, relu: 1, 'leaky-relu': 2, sigmoid: 3 };

/** Why a call stopped (STATUS in the memory). */
export const enum EpochsStatus {
  Done = 0,
  TargetLoss = 1,
  Diverged = 2,
}

export interface OnlineEpochs {
  /**
   * Runs up to `epochs` epochs of `set`'s rows in `order` (shuffled first at every epoch with
   * `random`, unless null), each sample forward → loss → backward → w ← w − η·∂J/∂w; stops after
   * the first epoch whose mean cost is ≤ targetLoss, or at a sample whose cost is not finite (the
   * network then holds the weights of that epoch's start). Updates params, grads, order, random's
   * state and `lastGood` (the weights at the start of the last epoch begun); puts each finished
   * epoch's loss (its summed cost / rows) in `losses`. Returns the epochs finished; `status` and `cost` say why it
   * stopped.
   */
  run(set: RowSet, order: Uint32Array, random: Random | null, epochs: number, learningRate: number, targetLoss: number, lastGood: FloatArray, losses: Float64Array): number;
  status: EpochsStatus;
  /** The cost that was not finite, when status is Diverged. */
  cost: number;
}

interface Support {
  memory: WebAssembly.Memory;
  shuffle: (state: number, order: number, rows: number) => void;
}

type Train = (epochs: number, rows: number, x: number, y: number, order: number, losses: number, shuffle: number) => number;

let support: Support | null | undefined;

/** The memory every generated module works in, and assembly/online-epochs.ts's shuffle on it; null where WebAssembly is missing or refused. */
function supportModule(): Support | null {
  if (support === undefined) {
    try {
      const text = atob(ONLINE_EPOCHS_WASM_BASE64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      const memory = new WebAssembly.Memory({ initial: 1 });
      const { shuffle } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Support;
      support = { memory, shuffle };
    } catch {
      support = null;
    }
  }
  return support;
}

/** The compiled train function of each shape (its layers, activations, dtype and L2 or not); the oldest goes past SHAPES_KEPT. */
const shapes = new Map<string, Train>();
const SHAPES_KEPT = 64;

/**
 * The runner for `network` trained with L2 factor `l2`, or null where it does not apply (another
 * backend, a larger network, another loss or activation, no WebAssembly): training then takes
 * the compiled step.
 */
export function onlineEpochs(network: Network, l2: number, maxParameters: number): OnlineEpochs | null {
  const { layers, activations, loss, dtype } = network;
  if (network.backend.name !== 'js' || network.parameterCount > maxParameters || loss.name !== 'mse') return null;
  const kinds = activations.map((a) => KIND[a.name]);
  if (kinds.some((k) => k === undefined) || typeof WebAssembly !== 'object') return null;
  const base = supportModule();
  if (base === null) return null;
  const alphas = activations.map((a) => a.params.alpha ?? 0);
  const shape: Shape = { layers, kinds: kinds as number[], alphas, float32: dtype === 'float32', l2: l2 > 0 };
  const key = JSON.stringify(shape);
  let train = shapes.get(key);
  if (train === undefined) {
    try {
      const imports = { env: { memory: base.memory, shuffle: base.shuffle } };
      train = new WebAssembly.Instance(new WebAssembly.Module(epochsModule(shape)), imports).exports.train as Train;
    } catch {
      return null;
    }
    shapes.set(key, train);
    if (shapes.size > SHAPES_KEPT) shapes.delete(shapes.keys().next().value!);
  }
  const round = shape.float32 ? Math.fround : (v: number) => v;
  const P = network.parameterCount;
  const data = PARAMS + 24 * P;
  const compiled = train;

  const runner: OnlineEpochs = {
    status: EpochsStatus.Done,
    cost: NaN,
    run(set, order, random, epochs, learningRate, targetLoss, lastGood, losses) {
      const rows = order.length;
      const xAt = data;
      const yAt = xAt + 8 * set.x.data.length;
      const orderAt = yAt + 8 * set.y.data.length;
      const lossesAt = orderAt + 8 * Math.ceil(rows / 2);
      const { memory } = base;
      const pages = Math.ceil((lossesAt + 8 * epochs) / 65536) - memory.buffer.byteLength / 65536;
      if (pages > 0) memory.grow(pages);
      const buffer = memory.buffer;
      const i32 = new Int32Array(buffer);
      const f64 = new Float64Array(buffer);
      f64[RATE / 8] = learningRate;
      f64[L2 / 8] = l2;
      f64[TARGET / 8] = targetLoss;
      f64.set(network.params, PARAMS / 8);
      f64.set(network.grads, PARAMS / 8 + P);
      copyRounded(f64, xAt / 8, set.x.data, round);
      copyRounded(f64, yAt / 8, set.y.data, round);
      new Uint32Array(buffer, orderAt, rows).set(order);
      if (random !== null) i32.set(random.save().words, RANDOM / 4);

      const done = compiled(epochs, rows, xAt, yAt, orderAt, lossesAt, random === null ? 0 : 1);

      network.params.set(f64.subarray(PARAMS / 8, PARAMS / 8 + P));
      network.grads.set(f64.subarray(PARAMS / 8 + P, PARAMS / 8 + 2 * P));
      lastGood.set(f64.subarray(PARAMS / 8 + 2 * P, PARAMS / 8 + 3 * P));
      order.set(new Uint32Array(buffer, orderAt, rows));
      if (random !== null) random.restore({ ...random.save(), words: Array.from(i32.subarray(RANDOM / 4, RANDOM / 4 + 4)) });
      losses.set(f64.subarray(lossesAt / 8, lossesAt / 8 + done));
      runner.status = i32[STATUS / 4] as EpochsStatus;
      runner.cost = f64[COST / 8];
      return done;
    },
  };
  return runner;
}

/** to[at …] = each value of `from`, rounded as a store into the network's dtype would. */
function copyRounded(to: Float64Array, at: number, from: FloatArray, round: (v: number) => number): void {
  for (let k = 0; k < from.length; k++) to[at + k] = round(from[k]);
}
