/**
 * The compiled WebAssembly kernels of each build (kernel-variants.ts), from the base64 that
 * scripts/build-wasm.mjs writes to src/generated/. A file of its own so that the declarations
 * core's public ones import (kernel-variants.d.ts) name no `WebAssembly` type: TypeScript
 * declares that namespace only with the DOM library, and a Node-only consumer that checks
 * libraries' declarations (skipLibCheck false, lib ES2022, @types/node 20) would find it missing.
 */
import { KERNELS_FMA_WASM_BASE64, KERNELS_FMA_WASM_MEMORY_FLAGS_AT } from '../generated/kernels-fma-wasm.js';
import { KERNELS_WASM_BASE64, KERNELS_WASM_MEMORY_FLAGS_AT } from '../generated/kernels-wasm.js';
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

/** The limits flags of a plain imported memory with a maximum (a shared one's are 0x03). */
const PLAIN_MEMORY_FLAGS = 0x01;

/**
 * A build's bytes for a shared memory or a plain one. Only the shared build is shipped: the plain
 * one is the same module but for its memory's limits flags (scripts/build-wasm.mjs checks that and
 * writes where they are), so a bundle holds one copy of each build.
 */
export function kernelBytes(variant: KernelVariant, shared: boolean): Uint8Array {
  const [base64, flagsAt] = variant === 'fma' ? [KERNELS_FMA_WASM_BASE64, KERNELS_FMA_WASM_MEMORY_FLAGS_AT] : [KERNELS_WASM_BASE64, KERNELS_WASM_MEMORY_FLAGS_AT];
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (!shared) bytes[flagsAt] = PLAIN_MEMORY_FLAGS;
  return bytes;
}

function compileKernels(variant: KernelVariant): WasmKernels | string {
  const shared = typeof SharedArrayBuffer === 'function';
  try {
    const bytes = kernelBytes(variant, shared);
    if (!WebAssembly.validate(bytes)) return 'needs WebAssembly with SIMD, which this JavaScript engine lacks';
    if (!shared && typeof WebAssembly.Memory.prototype.toResizableBuffer !== 'function') {
      return `needs a memory that grows without detaching its views: SharedArrayBuffer, which ${NO_SHARED_MEMORY}, or WebAssembly.Memory.prototype.toResizableBuffer, which this engine lacks too`;
    }
    return { module: new WebAssembly.Module(bytes), shared };
  } catch (error) {
    return `cannot compile its kernels here (${error instanceof Error ? error.message : String(error)})`;
  }
}
