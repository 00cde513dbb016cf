/**
 * Where a network's numbers live and which kernels run on them: this file chooses the backend
 * (createBackend); what a backend is, the contract, is backend-interface.ts.
 *   js:   plain typed arrays and the TypeScript loops of kernels.ts (float32 and float64; the
 *         reference every other kernel is tested against); js-backend.ts;
 *   wasm: float32 or float64 buffers inside a WebAssembly memory and the SIMD kernels of
 *         assembly/kernels.ts (f32x4 for float32, f64x2 for float64; one of two builds: plain SIMD,
 *         or relaxed SIMD with fused multiply-adds; kernel-variants.ts); wasm-backend.ts, its threads
 *         in wasm-threads.ts.
 * A network asks its backend for every buffer once, so growing the wasm memory must never detach
 * a view handed out before: the memory is shared (SharedArrayBuffer, which worker threads can use
 * too) where the engine has SharedArrayBuffer, else (a browser page that is not cross-origin
 * isolated) a plain memory seen through a resizable ArrayBuffer (`toResizableBuffer`), on one thread.
 */
import type { DType } from '../data/matrix.js';
import { ConfigError, show } from '../errors.js';
import type { Backend, BackendPreference } from './backend-interface.js';
import { JsBackend } from './js-backend.js';
import { kernelModule } from './kernel-modules.js';
import { checkKernelPreference, chooseKernels, type KernelPreference } from './kernel-variants.js';
import { wasmBackend } from './wasm-backend.js';

export type { Backend, BackendName, BackendPreference, RowStep, ThreadCount } from './backend-interface.js';

/**
 * Networks of at most this many weights and biases run on the js backend under auto: there
 * online training (batch 1) takes a step compiled for the network's shape (online.ts, whose
 * MAX_COMPILED_PARAMETERS is this bound), twice as fast as wasm's calls on XOR's 2-3-1 and 4-8-2.
 * Above it wasm's SIMD kernels win at every batch size, from 1 up, in both dtypes (measured:
 * packages/core/README.md, "Backends and threads").
 */
const LARGEST_JS_NETWORK = 128;

/**
 * The backend for a dtype: auto is wasm for networks of more than LARGEST_JS_NETWORK parameters,
 * when WebAssembly SIMD is available; js otherwise. `kernels` picks the wasm build
 * (kernel-variants.ts).
 */
export function createBackend(dtype: DType, preference: BackendPreference = 'auto', parameters = Infinity, kernels: KernelPreference = 'auto'): Backend {
  if (preference !== 'auto' && preference !== 'js' && preference !== 'wasm') {
    throw new ConfigError('backend', `must be auto, js or wasm, got ${show(preference)}`);
  }
  checkKernelPreference(kernels); // checked on the js backend too, which runs no wasm kernels
  if (preference === 'js' || (preference === 'auto' && parameters <= LARGEST_JS_NETWORK)) return new JsBackend(dtype);
  const variant = chooseKernels(kernels);
  const compiled = kernelModule(variant);
  if (typeof compiled === 'string') {
    if (preference === 'wasm') throw new ConfigError('backend', `wasm ${compiled}`);
    return new JsBackend(dtype);
  }
  return wasmBackend(compiled, variant, dtype);
}
