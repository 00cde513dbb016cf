/**
 * The compiled WebAssembly kernels of each build (kernel-variants.ts), from the base64 that
 * scripts/build-wasm.mjs writes to src/generated/. A file of its own so that the declarations
 * core's public ones import (kernel-variants.d.ts) name no `WebAssembly` type: TypeScript
 * declares that namespace only with the DOM library, and a Node-only consumer that checks
 * libraries' declarations (skipLibCheck false, lib ES2022, @types/node 20) would find it missing.
 */
import { KERNELS_FMA_WASM_BASE64, KERNELS_FMA_WASM_UNSHARED_BASE64 } from '../generated/kernels-fma-wasm.js';
import { KERNELS_WASM_BASE64, KERNELS_WASM_UNSHARED_BASE64 } from '../generated/kernels-wasm.js';
import type { KernelVariant } from './kernel-variants.js';

/** A build's compiled module and whether its memory is shared. */
export interface WasmKernels {
  module: WebAssembly.Module;
  shared: boolean;
}

/** Why there is no SharedArrayBuffer, for messages. */
export const NO_SHARED_MEMORY =
  'this engine does not offer (a browser offers it only to a cross-origin isolated page: one served with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';

const compiled: Partial<Record<KernelVariant, WasmKernels | string>> = {};

/**
 * A build's compiled module (once per process), for a shared memory where the engine has
 * SharedArrayBuffer and for a plain one elsewhere; or why this engine runs none (the end of a
 * sentence "wasm …").
 */
export function kernelModule(variant: KernelVariant): WasmKernels | string {
  return (compiled[variant] ??= compileKernels(variant));
}

function compileKernels(variant: KernelVariant): WasmKernels | string {
  const shared = typeof SharedArrayBuffer === 'function';
  const base64 = variant === 'fma'
    ? (shared ? KERNELS_FMA_WASM_BASE64 : KERNELS_FMA_WASM_UNSHARED_BASE64)
    : (shared ? KERNELS_WASM_BASE64 : KERNELS_WASM_UNSHARED_BASE64);
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return 'needs WebAssembly with SIMD, which this JavaScript engine lacks';
    if (!shared && typeof WebAssembly.Memory.prototype.toResizableBuffer !== 'function') {
      return `needs a memory that grows without detaching its views: SharedArrayBuffer, which ${NO_SHARED_MEMORY}, or WebAssembly.Memory.prototype.toResizableBuffer, which this engine lacks too`;
    }
    return { module: new WebAssembly.Module(bytes), shared };
  } catch (error) {
    return `cannot compile its kernels here (${error instanceof Error ? error.message : String(error)})`;
  }
}
