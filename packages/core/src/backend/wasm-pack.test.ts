import { setFlagsFromString } from 'node:v8';
import { describe, it } from 'vitest';
import { kernelModule } from './kernel-modules.js';
import { hasRelaxedSimd, type KernelVariant } from './kernel-variants.js';
import { CONTROL_SLOTS, OP } from './thread-code.js';
import { startPool } from './threads.js';
import { Random } from '../random.js';

/**
 * b packed into column strips (assembly/pack.ts) gives the GEMMs (gemm.ts, gemm-f64.ts; and
 * gemm-trans-a*.ts, whose δ is packed) the very bits they give on b itself, in both dtypes and both
 * builds, on one thread and split over 2 and 3: packing moves values, it changes no sum. The kernels are driven directly with packing forced on
 * every shape (the backend packs only where it pays, pack-rule.ts; wasm-gemm*.test.ts cover that
 * path against the reference), shapes that hit every edge of the strips: m below one strip, m not a
 * multiple of the strip (the 4- or 2-wide columns and the scalar edge read b), rows not a multiple
 * of 4 (the one-row path reads b), n of 1.
 */
if (!hasRelaxedSimd()) setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20: the fma build behind a flag

interface Exports {
  allocate(bytes: number): number;
  gemm(c: number, a: number, b: number, packed: number, bias: number, rows: number, n: number, m: number): void;
  gemmF64: Exports['gemm'];
  gemmTransA(dw: number, db: number, a: number, d: number, packed: number, rows: number, n: number, m: number, scale: number, lda: number): void;
  gemmTransAF64: Exports['gemmTransA'];
  packB(dst: number, b: number, n: number, m: number): void;
  packBF64: Exports['packB'];
}

const shapes: [rows: number, n: number, m: number][] = [
  [1, 1, 8],
  [3, 5, 8],
  [4, 1, 4],
  [4, 1, 9],
  [5, 7, 17],
  [6, 33, 3],
  [13, 31, 21],
  [8, 3, 515],
  [17, 2, 523],
  [16, 64, 1030],
  [64, 100, 262],
];

const cases = (['simd', 'fma'] as KernelVariant[]).flatMap((variant) => (['float32', 'float64'] as const).map((dtype) => [variant, dtype] as const));

describe.each(cases)('packed b, %s build, %s', (variant, dtype) => {
  const kernels = kernelModule(variant);
  if (typeof kernels === 'string') throw new Error(kernels);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: kernels.shared });
  const k = new WebAssembly.Instance(kernels.module, { env: { memory } }).exports as unknown as Exports;
  const Values = (dtype === 'float32' ? Float32Array : Float64Array) as { new (buffer: ArrayBufferLike, byteOffset: number, length: number): Float32Array | Float64Array; readonly BYTES_PER_ELEMENT: number };
  const bytes = Values.BYTES_PER_ELEMENT;
  const [gemm, pack, op] = dtype === 'float32' ? [k.gemm, k.packB, OP.gemm] : [k.gemmF64, k.packBF64, OP.gemmF64];
  const [gemmTransA, opTransA] = dtype === 'float32' ? [k.gemmTransA, OP.gemmTransA] : [k.gemmTransAF64, OP.gemmTransAF64];
  const control = k.allocate(CONTROL_SLOTS * 4);

  /** Buffers for one shape: a, b, bias random (with signed zeros), the packed strips, two outputs. */
  const setUp = (rows: number, n: number, m: number) => {
    const random = new Random(rows * 100_000 + n * 1000 + m);
    const buffer = (length: number, fill: boolean) => {
      const at = k.allocate(length * bytes);
      const view = new Values(memory.buffer, at, length);
      for (let i = 0; i < length; i++) view[i] = !fill ? NaN : i % 11 === 5 ? 0 : i % 13 === 7 ? -0 : random.normal();
      return at;
    };
    const [a, b, bias, packed] = [buffer(rows * n, true), buffer(n * m, true), buffer(m, true), buffer(n * m, false)];
    const [plain, fromPacked] = [buffer(rows * m, false), buffer(rows * m, false)];
    pack(packed, b, n, m);
    /** c from b (one thread) against c from the packed strips (however it was computed): bit for bit. */
    const expectSameBits = (withBias: number, what: string) => {
      gemm(plain, a, b, 0, withBias, rows, n, m);
      const [x, y] = [new Values(memory.buffer, plain, rows * m), new Values(memory.buffer, fromPacked, rows * m)];
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(x[i], y[i])) throw new Error(`${what}, c[${i}]: ${y[i]} from packed b, ${x[i]} from b`);
      }
    };
    return { a, b, bias, packed, fromPacked, expectSameBits };
  };

  it.each(shapes)('rows %i, n %i, m %i: the same bits as the product on b, with and without the bias', (rows, n, m) => {
    const { a, b, bias, packed, fromPacked, expectSameBits } = setUp(rows, n, m);
    gemm(fromPacked, a, b, packed, bias, rows, n, m);
    expectSameBits(bias, 'with the bias');
    gemm(fromPacked, a, b, packed, 0, rows, n, m); // δ·Wᵀ has none
    expectSameBits(0, 'without the bias');
  });

  it.each([2, 3])('split over %i threads, read from the packed strips by every thread: the same bits', async (threads) => {
    if (!kernels.shared) return; // no shared memory here: no pool to test
    const pool = startPool(kernels.module, memory, k, control, threads);
    if (pool === null) return; // no worker threads here
    try {
      await pool.ready;
      for (const [rows, n, m] of [[17, 2, 523], [64, 100, 262], [30, 9, 1030]]) {
        const { a, b, bias, packed, fromPacked, expectSameBits } = setUp(rows, n, m);
        pool.run(op, [fromPacked, a, b, packed, bias, rows, n, m]);
        expectSameBits(bias, `${rows} × ${n} × ${m} on ${threads} threads`);
      }
    } finally {
      pool.close();
    }
  });

  it.each(shapes)('dW = aᵀ·δ for rows %i, n %i, m %i (δ packed as a b of rows × m): the same bits from δ packed, on 1 and 2 threads', async (rows, n, m) => {
    // dW (n, m) = aᵀ (n, rows) · δ (rows, m): δ plays b's part and is what is packed.
    const random = new Random(rows * 100_000 + n * 1000 + m + 1);
    const values = (length: number) => {
      const at = k.allocate(length * bytes);
      const view = new Values(memory.buffer, at, length);
      for (let i = 0; i < length; i++) view[i] = i % 11 === 5 ? 0 : i % 13 === 7 ? -0 : random.normal();
      return at;
    };
    const [a, delta, packed] = [values(rows * n), values(rows * m), values(rows * m)];
    const [fromD, fromPacked, db] = [values(n * m), values(n * m), values(m)];
    pack(packed, delta, rows, m);
    gemmTransA(fromD, db, a, delta, 0, rows, n, m, 1 / rows, n);
    const expectSame = (what: string) => {
      const [x, y] = [new Values(memory.buffer, fromD, n * m), new Values(memory.buffer, fromPacked, n * m)];
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(x[i], y[i])) throw new Error(`${what}, dW[${i}]: ${y[i]} from packed δ, ${x[i]} from δ`);
      }
    };
    gemmTransA(fromPacked, db, a, delta, packed, rows, n, m, 1 / rows, n);
    expectSame('one thread');
    if (!kernels.shared) return;
    const pool = startPool(kernels.module, memory, k, control, 2);
    if (pool === null) return;
    try {
      await pool.ready;
      new Values(memory.buffer, fromPacked, n * m).fill(NaN);
      pool.run(opTransA, [fromPacked, db, a, delta, packed, rows, n, m], [1 / rows]);
      expectSame('2 threads');
    } finally {
      pool.close();
    }
  });
});
