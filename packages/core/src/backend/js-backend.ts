/**
 * The js backend: plain typed arrays and the TypeScript loops of kernels.ts (float32 and float64),
 * the reference every other kernel is tested against.
 */
import { backwardLoop, forwardLoop } from '../activations/activation-loops.js';
import type { Activation } from '../activations/activations.js';
import { ConfigError, show } from '../errors.js';
import { linearBackwardInputs, linearBackwardParams, linearForward } from './kernels.js';
import { allocate as allocateArray, type DType, type FloatArray } from '../data/matrix.js';
import { checkThreads, type Backend, type ThreadCount } from './backend-interface.js';

/** Plain typed arrays and the TypeScript loops: a class, so that every network shares its methods. */
export class JsBackend implements Backend {
  readonly name = 'js';
  readonly kernels = null;
  readonly threads = 1;
  readonly threadsUsed = 1;
  readonly adamStep = null;
  readonly sgdStep = null;

  constructor(private readonly dtype: DType) {}

  allocate(length: number): FloatArray {
    return allocateArray(this.dtype, length);
  }
  linearForward(z: FloatArray, a: FloatArray, w: FloatArray, b: FloatArray, batchSize: number, n: number, m: number): void {
    linearForward(z, a, w, 0, b, 0, batchSize, n, m);
  }
  linearBackwardParams(dW: FloatArray, dB: FloatArray, a: FloatArray, d: FloatArray, batchSize: number, n: number, m: number, scale: number): void {
    linearBackwardParams(dW, 0, dB, 0, a, d, batchSize, n, m, scale);
  }
  linearBackwardInputs(g: FloatArray, d: FloatArray, w: FloatArray, batchSize: number, n: number, m: number): void {
    linearBackwardInputs(g, d, w, 0, batchSize, n, m);
  }
  activationForward(act: Activation, z: FloatArray, a: FloatArray, rows: number, width: number): void {
    if (!forwardLoop(act, z, a, rows * width)) act.forward(z, a, rows, width);
  }
  activationBackward(act: Activation, z: FloatArray, a: FloatArray, residual: FloatArray, rows: number, width: number): void {
    if (!backwardLoop(act, z, a, residual, rows * width)) act.backward(z, a, residual, rows, width);
  }
  /** Any array of the dtype: the loops read plain memory (another dtype is converted on the way in). */
  forwardRow(): null {
    return null; // the TypeScript loops make no crossings to save
  }
  owns(array: FloatArray): boolean {
    return array instanceof (this.dtype === 'float32' ? Float32Array : Float64Array);
  }
  copy(to: FloatArray, toStart: number, from: FloatArray, fromStart: number, length: number): void {
    for (let k = 0; k < length; k++) to[toStart + k] = from[fromStart + k];
  }
  prepare(): void {}
  mark(): number {
    return 0;
  }
  release(): void {}
  threadsReady(): Promise<void> {
    return Promise.resolve();
  }
  threadSetting: ThreadCount = 'auto';
  readonly threadsRunning = 1;
  setThreads(threads: ThreadCount): void {
    if (checkThreads(threads) !== 'auto' && threads !== 1) {
      throw new ConfigError('threads', `above 1 needs the wasm backend; got ${show(threads)} for a ${this.dtype} network on the js backend`);
    }
    this.threadSetting = threads;
  }
}
