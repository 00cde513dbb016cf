/**
 * Which build of the WebAssembly kernels a wasm backend runs. scripts/build-wasm.mjs compiles
 * assembly/ twice, and the two differ only in the GEMMs' multiply-add (assembly/madd.ts):
 *   simd: WebAssembly SIMD; each multiply-add rounds the product, then the sum: the same numbers
 *         on every engine and machine;
 *   fma:  relaxed SIMD's f32x4.relaxed_madd, which the engine compiles to a fused multiply-add
 *         (one rounding) where the processor has one (x86-64 with FMA3, arm64), else to the two
 *         steps of simd: reproducible on one engine and machine, not across them.
 * Both agree with the TypeScript reference to float32 rounding (tested). auto takes fma where the
 * engine validates relaxed SIMD (Node ≥ 22, Chrome ≥ 114) and simd elsewhere; the environment
 * variable BPNN_WASM_KERNELS=simd, or a network's `wasmKernels: 'simd'`, forces the plain build
 * for results that are bit-identical across engines. The compiled modules are kernel-modules.ts's.
 */
import { ConfigError, show } from '../errors.js';

/** A build of the WebAssembly kernels: plain SIMD, or relaxed SIMD with fused multiply-adds. */
export type KernelVariant = 'simd' | 'fma';
/** A network's `wasmKernels` option: one of the builds, or auto (fma where the engine has it). */
export type KernelPreference = KernelVariant | 'auto';

/** The environment variable that makes auto mean simd (`BPNN_WASM_KERNELS=simd`). */
export const KERNELS_ENV = 'BPNN_WASM_KERNELS';

/**
 * The smallest module that uses relaxed SIMD: one function returning
 * f32x4.relaxed_madd(v128.const 0, v128.const 0, v128.const 0). An engine without relaxed SIMD
 * refuses it.
 */
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const RELAXED_PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () → v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x3d, 0x01, 0x3b, 0x00, ...v128Zero, ...v128Zero, ...v128Zero, 0xfd, 0x85, 0x02, 0x0b, // code: relaxed_madd
]);

/** Whether this engine runs relaxed SIMD. */
export function hasRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

interface DenoPermissions {
  querySync?(descriptor: { name: 'env'; variable: string }): { state: string };
}

/**
 * An environment variable, or undefined where the program may not read it: Deno without
 * --allow-env throws NotCapable from process.env (and asks on a terminal), and an optional
 * variable must cost a program neither, so Deno's permission is looked up first.
 */
function environmentVariable(name: string): string | undefined {
  const scope = globalThis as { process?: { env?: Record<string, string | undefined> }; Deno?: { permissions?: DenoPermissions } };
  try {
    const permission = scope.Deno?.permissions?.querySync?.({ name: 'env', variable: name });
    if (permission !== undefined && permission.state !== 'granted') return undefined;
    return scope.process?.env?.[name];
  } catch {
    return undefined;
  }
}

/** auto, or what BPNN_WASM_KERNELS says auto means (only simd and auto are accepted there). */
function environmentPreference(): KernelPreference {
  const value = environmentVariable(KERNELS_ENV);
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'simd') return 'simd';
  throw new ConfigError(KERNELS_ENV, `must be simd or auto (the environment variable), got ${show(value)}`);
}

/**
 * The build a wasm backend runs for a preference: fma only where the engine has relaxed SIMD
 * (asking for it elsewhere is an error), simd otherwise.
 */
export function chooseKernels(preference: KernelPreference = 'auto'): KernelVariant {
  checkKernelPreference(preference);
  const relaxed = hasRelaxedSimd();
  if (preference === 'fma' && !relaxed) {
    throw new ConfigError('wasmKernels', 'fma needs WebAssembly relaxed SIMD, which this JavaScript engine lacks (Node ≥ 22 has it); use simd or auto');
  }
  if (preference !== 'auto') return preference;
  return relaxed && environmentPreference() === 'auto' ? 'fma' : 'simd';
}

/** Checks a `wasmKernels` value (auto, simd or fma), whichever backend runs: a bad one is never ignored. */
export function checkKernelPreference(preference: unknown): asserts preference is KernelPreference {
  if (preference !== 'auto' && preference !== 'simd' && preference !== 'fma') {
    throw new ConfigError('wasmKernels', `must be auto, simd or fma, got ${show(preference)}`);
  }
}
