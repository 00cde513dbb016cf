/**
 * What the WebAssembly kernels module (assembly/kernels.ts) exports, by address and count, and the
 * kernels of one dtype under the float32 kernels' names, with their thread calls (thread-code.ts).
 */
import type { DType } from '../data/matrix.js';
import { OP } from './thread-code.js';

/** The exports of an instance of the kernels module: they take addresses in its memory, and counts. */
export interface KernelExports {
  allocate(bytes: number): number;
  /** packed: 0, or b's full column strips as pack.ts copies them (packB / packBF64). */
  gemm(c: number, a: number, b: number, packed: number, bias: number, rows: number, n: number, m: number): void;
  packB(dst: number, b: number, n: number, m: number): void;
  /** packed: 0, or d's full column strips as packB / packBF64 copy them (d is rows × m). */
  gemmTransA(dw: number, db: number, a: number, d: number, packed: number, rows: number, n: number, m: number, scale: number, lda: number): void;
  transpose(dst: number, src: number, rows: number, cols: number): void;
  activationForward(kind: number, z: number, a: number, count: number, alpha: number): void;
  activationBackward(kind: number, z: number, a: number, residual: number, count: number, alpha: number): void;
  softmaxForward(z: number, a: number, rows: number, width: number): void;
  mark(): number;
  release(position: number): void;
  adamStep(p: number, g: number, m: number, v: number, count: number, stepSize: number, beta1: number, beta2: number, epsilon: number): void;
  sgdStep(p: number, g: number, velocity: number, count: number, learningRate: number, momentum: number, nesterov: number): void;
  gemmF64: KernelExports['gemm'];
  packBF64: KernelExports['packB'];
  gemmTransAF64: KernelExports['gemmTransA'];
  transposeF64: KernelExports['transpose'];
  activationForwardF64: KernelExports['activationForward'];
  activationBackwardF64: KernelExports['activationBackward'];
  softmaxForwardF64: KernelExports['softmaxForward'];
  setRowStep(plan: number, layer: number, z: number, x: number, weights: number, biases: number, n: number, m: number, kind: number, a: number, alpha: number): void;
  forwardRow(plan: number, layers: number): number;
  forwardRowF64(plan: number, layers: number): number;
  adamStepF64: KernelExports['adamStep'];
  sgdStepF64: KernelExports['sgdStep'];
}

/** The kernels of one dtype, under the float32 kernels' names, and their thread calls. */
export type DtypeKernels = Pick<KernelExports, 'gemm' | 'packB' | 'gemmTransA' | 'transpose' | 'activationForward' | 'activationBackward' | 'softmaxForward' | 'adamStep' | 'sgdStep'>;

/** A dtype's kernels (float32's as they are, float64's under their names) and the thread pool's operation numbers for them. */
export function dtypeKernels(k: KernelExports, dtype: DType): { kernels: DtypeKernels; op: { gemm: number; gemmTransA: number; adam: number } } {
  if (dtype === 'float32') return { kernels: k, op: OP };
  return {
    kernels: {
      gemm: k.gemmF64,
      packB: k.packBF64,
      gemmTransA: k.gemmTransAF64,
      transpose: k.transposeF64,
      activationForward: k.activationForwardF64,
      activationBackward: k.activationBackwardF64,
      softmaxForward: k.softmaxForwardF64,
      adamStep: k.adamStepF64,
      sgdStep: k.sgdStepF64,
    },
    op: { gemm: OP.gemmF64, gemmTransA: OP.gemmTransAF64, adam: OP.adamF64 },
  };
}
