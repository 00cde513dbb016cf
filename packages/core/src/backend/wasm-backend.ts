/**
 * The wasm backend: float32 or float64 buffers inside a WebAssembly memory and the SIMD kernels of
 * assembly/kernels.ts (f32x4 for float32, f64x2 for float64; the build kernel-variants.ts chose).
 * Every buffer is handed out once and never detached: the memory is shared where the engine has
 * SharedArrayBuffer, else a plain memory seen through a resizable ArrayBuffer, on one thread
 * (backend.ts). Large kernel calls are split over threads (wasm-threads.ts).
 */
import type { DType, FloatArray } from '../data/matrix.js';
import type { Backend, RowStep } from './backend-interface.js';
import { dtypeKernels, type KernelExports } from './kernel-exports.js';
import type { WasmKernels } from './kernel-modules.js';
import type { KernelVariant } from './kernel-variants.js';
import { PACK_MIN_B_BYTES, packs } from './pack-rule.js';
import { rowTrampoline } from './row-trampoline.js';
import { CONTROL_SLOTS } from './thread-code.js';
import { wasmThreads } from './wasm-threads.js';

/** The most layers a forwardRow plan holds (its records are reserved with the backend). */
export const MAX_ROW_LAYERS = 16;
/** Bytes of one layer's record in a forwardRow plan (assembly/forward-row.ts). */
const ROW_PLAN_BYTES = 48;
/** forwardRow's number for softmax (the others are KIND's). */
const SOFTMAX_KIND = 7;

/** The activations assembly/activations.ts computes natively, by the number it knows them by. */
const KIND: Partial<Record<string, number>> = { linear: 0, relu: 1, 'leaky-relu': 2, sigmoid: 3, tanh: 4, elu: 5, softplus: 6 };

/** The typed array of a dtype, made over a (shared) memory's buffer. */
interface FloatArrayType {
  new (length: number): FloatArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): FloatArray;
  readonly BYTES_PER_ELEMENT: number;
}

/** Pages of 64 KiB: a memory may grow to 4 GiB. */
const MAX_PAGES = 65536;

/** A wasm backend of `dtype` on a new memory, running the kernels of `module` (the build `variant`). */
export function wasmBackend({ module, shared }: WasmKernels, variant: KernelVariant, dtype: DType): Backend {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared });
  // A plain memory's buffer would be detached by growth; a resizable one is grown in place.
  if (!shared) memory.toResizableBuffer();
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  const { kernels, op } = dtypeKernels(exports, dtype);
  const Values = (dtype === 'float32' ? Float32Array : Float64Array) as FloatArrayType;
  const bytes = Values.BYTES_PER_ELEMENT;
  const control = exports.allocate(CONTROL_SLOTS * 4);
  // forwardRow's plan, reserved now so that no release(mark) can hand its bytes to another buffer.
  const rowPlan = exports.allocate(MAX_ROW_LAYERS * ROW_PLAN_BYTES);
  const forwardRowKernel = dtype === 'float32' ? exports.forwardRow : exports.forwardRowF64;
  let rowPlanOwner: readonly RowStep[] | null = null; // whose records rowPlan holds
  let rowCall: ReturnType<typeof rowTrampoline> | undefined; // the row kernel's slot in the shared function's table
  const threads = wasmThreads(module, memory, exports, control, shared, () => backend);
  const { parallel } = threads; // (a closure: no `this`)
  let scratch: FloatArray = new Values(0); // Wᵀ for δ·Wᵀ, grown to the largest layer
  let packScratch: FloatArray = new Values(0); // a GEMM's b in column strips (pack-rule.ts), as large (a larger δ is not packed)
  // memory.buffer is a new object after each growth, and reading it costs microseconds on a shared
  // memory (the engine looks for growth by other threads): the last one read is kept, and read
  // again only when a new buffer reaches past its end (only exports.allocate grows the memory).
  let buffer = memory.buffer;
  const buffers = new WeakSet<ArrayBufferLike>([buffer]); // every one read
  const allocate = (length: number): FloatArray => {
    const ptr = exports.allocate(Math.max(length, 1) * bytes);
    if (ptr + length * bytes > buffer.byteLength) {
      buffer = memory.buffer;
      buffers.add(buffer);
    }
    // A fresh view (shared memory only grows), zeroed: release() lets later buffers reuse memory.
    return new Values(buffer, ptr, length).fill(0);
  };
  const ptr = (array: FloatArray) => array.byteOffset;
  let heap: FloatArray = new Values(buffer);
  /**
   * b (k, m) copied into column strips in packScratch when pack-rule.ts says the copy pays for a
   * product whose `uses` rows (blocks of 4 that each read all of b) read it: once, on this thread,
   * before any split. Returns where the strips are, or 0 (b is read in place).
   */
  const packed = (b: number, uses: number, k: number, m: number): number => {
    if (packScratch.length < k * m || !packs(bytes, uses, k, m)) return 0;
    kernels.packB(ptr(packScratch), b, k, m);
    return ptr(packScratch);
  };
  /** c (rows, m) = a (rows, n) · b (n, m) + bias: each block of 4 rows reads all of b. */
  const gemm = (c: number, a: number, b: number, bias: number, rows: number, n: number, m: number) => {
    const packedB = packed(b, rows, n, m);
    const threadPool = parallel(rows * n * m);
    if (threadPool !== null) threadPool.run(op.gemm, [c, a, b, packedB, bias, rows, n, m]);
    else kernels.gemm(c, a, b, packedB, bias, rows, n, m);
  };
  const backend: Backend = {
    name: 'wasm',
    kernels: variant,
    allocate,
    linearForward: (z, a, w, b, batchSize, n, m) => gemm(ptr(z), ptr(a), ptr(w), ptr(b), batchSize, n, m),
    linearBackwardParams: (dW, dB, a, d, batchSize, n, m, scale) => {
      // dW (n, m) = aᵀ (n, batchSize) · δ (batchSize, m): each block of 4 rows of dW reads all of δ.
      const packedD = packed(ptr(d), n, batchSize, m);
      const threadPool = parallel(batchSize * n * m);
      if (threadPool !== null) threadPool.run(op.gemmTransA, [ptr(dW), ptr(dB), ptr(a), ptr(d), packedD, batchSize, n, m], [scale]);
      else kernels.gemmTransA(ptr(dW), ptr(dB), ptr(a), ptr(d), packedD, batchSize, n, m, scale, n);
    },
    linearBackwardInputs: (g, d, w, batchSize, n, m) => {
      // δ·Wᵀ as a plain product with Wᵀ: the transpose costs n·m, the product batchSize·n·m.
      if (scratch.length < n * m) throw new Error(`bpnn internal error: prepare(${n * m}) was not called`);
      kernels.transpose(ptr(scratch), ptr(w), n, m);
      gemm(ptr(g), ptr(d), ptr(scratch), 0, batchSize, m, n);
    },
    activationForward: (act, z, a, rows, width) => {
      const kind = KIND[act.name];
      if (kind !== undefined) kernels.activationForward(kind, ptr(z), ptr(a), rows * width, act.params.alpha ?? 0);
      else if (act.name === 'softmax') kernels.softmaxForward(ptr(z), ptr(a), rows, width);
      else act.forward(z, a, rows, width);
    },
    activationBackward: (act, z, a, residual, rows, width) => {
      const kind = KIND[act.name];
      if (kind !== undefined) kernels.activationBackward(kind, ptr(z), ptr(a), ptr(residual), rows * width, act.params.alpha ?? 0);
      else act.backward(z, a, residual, rows, width);
    },
    forwardRow: (steps) => {
      if (steps.length === 0 || steps.length > MAX_ROW_LAYERS) return null;
      const kinds = steps.map((s) => (s.activation.name === 'softmax' ? SOFTMAX_KIND : KIND[s.activation.name]));
      if (kinds.some((kind) => kind === undefined)) return null;
      const write = () => {
        steps.forEach((s, l) => {
          exports.setRowStep(rowPlan, l, ptr(s.z), ptr(s.x), ptr(s.weights), ptr(s.biases), s.n, s.m, kinds[l] as number, ptr(s.a), s.activation.params.alpha ?? 0);
        });
        rowPlanOwner = steps;
      };
      write();
      const layers = steps.length;
      if (rowCall === undefined) rowCall = rowTrampoline(forwardRowKernel, backend, buffer.byteLength);
      if (rowCall === null) {
        return () => {
          if (rowPlanOwner !== steps) write();
          return forwardRowKernel(rowPlan, layers);
        };
      }
      const { run, slot } = rowCall;
      return () => {
        if (rowPlanOwner !== steps) write();
        return run(slot, rowPlan, layers); // forwardRowKernel(rowPlan, layers), see row-trampoline.ts
      };
    },
    owns: (array) => array instanceof Values && buffers.has(array.buffer),
    copy: (to, toStart, from, fromStart, length) => {
      // Both live in the one memory: a move within a view of all of it allocates nothing.
      if (heap.buffer !== buffer) heap = new Values(buffer);
      const source = from.byteOffset / bytes + fromStart;
      heap.copyWithin(to.byteOffset / bytes + toStart, source, source + length);
    },
    adamStep: (p, g, m, v, stepSize, beta1, beta2, epsilon) => {
      // Memory-bound: worth splitting only for large networks (4 values move per parameter).
      const threadPool = parallel(p.length * 4 * bytes);
      if (threadPool !== null) threadPool.run(op.adam, [ptr(p), ptr(g), ptr(m), ptr(v), p.length], [stepSize, beta1, beta2, epsilon]);
      else kernels.adamStep(ptr(p), ptr(g), ptr(m), ptr(v), p.length, stepSize, beta1, beta2, epsilon);
    },
    sgdStep: (p, g, velocity, learningRate, momentum, nesterov) =>
      kernels.sgdStep(ptr(p), ptr(g), velocity === null ? 0 : ptr(velocity), p.length, learningRate, momentum, nesterov ? 1 : 0),
    prepare: (weights) => {
      if (scratch.length < weights) scratch = allocate(weights);
      // Only a b of more than PACK_MIN_B_BYTES is packed, and none larger than the largest layer.
      if (weights * bytes > PACK_MIN_B_BYTES && packScratch.length < weights) packScratch = allocate(weights);
    },
    mark: () => exports.mark(),
    release: (position) => exports.release(position),
    get threads() {
      return threads.threads;
    },
    get threadsUsed() {
      return threads.threadsUsed;
    },
    get threadsRunning() {
      return threads.threadsRunning;
    },
    threadsReady: () => threads.threadsReady(),
    get threadSetting() {
      return threads.threadSetting;
    },
    setThreads: (count) => threads.setThreads(count),
  };
  return backend;
}
