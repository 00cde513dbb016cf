import { afterEach, describe, expect, it, vi } from 'vitest';
import { KERNELS_FMA_WASM_BASE64 } from '../generated/kernels-fma-wasm.js';
import { chooseKernels, hasRelaxedSimd, KERNELS_ENV } from './kernel-variants.js';
import { Network } from '../network/network.js';
import { ConfigError } from '../errors.js';

/** Which build of the kernels runs: feature detection, the option, the environment variable. */
describe('kernel variants', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it('detects relaxed SIMD exactly when the engine accepts the fma build itself', () => {
    const fmaBuild = Uint8Array.from(atob(KERNELS_FMA_WASM_BASE64), (c) => c.charCodeAt(0));
    expect(hasRelaxedSimd()).toBe(WebAssembly.validate(fmaBuild));
  });

  it('auto takes fma where the engine has relaxed SIMD, simd where it has not', () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(true);
    expect(chooseKernels('auto')).toBe('fma');
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false); // an engine without relaxed SIMD (Node 20)
    expect(chooseKernels('auto')).toBe('simd');
    expect(chooseKernels('simd')).toBe('simd');
    expect(() => chooseKernels('fma')).toThrow('wasmKernels fma needs WebAssembly relaxed SIMD, which this JavaScript engine lacks');
  });

  it(`${KERNELS_ENV}=simd makes auto mean simd; an explicit option still wins`, () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(true);
    vi.stubEnv(KERNELS_ENV, 'simd');
    expect(chooseKernels('auto')).toBe('simd');
    expect(chooseKernels('fma')).toBe('fma');
    vi.stubEnv(KERNELS_ENV, 'fast');
    expect(() => chooseKernels('auto')).toThrow(`${KERNELS_ENV} must be simd or auto (the environment variable), got "fast"`);
    expect(() => chooseKernels('gpu' as never)).toThrow('wasmKernels must be auto, simd or fma, got "gpu"');
  });

  it(`an environment the program may not read (Deno without --allow-env) counts as no ${KERNELS_ENV}`, () => {
    // Deno 2.9's process.env without --allow-env: reading a variable throws NotCapable (new Network did too).
    const env = Object.getOwnPropertyDescriptor(process, 'env')!;
    const refused = new Proxy({}, { get: (_, name) => { throw new Error(`NotCapable: Requires env access to "${String(name)}", run again with the --allow-env flag`); } });
    const auto = hasRelaxedSimd() ? 'fma' : 'simd';
    Object.defineProperty(process, 'env', { ...env, value: refused });
    try {
      expect(new Network({ layers: [64, 32, 10], dtype: 'float32' }).backend.kernels).toBe(auto);
      // An engine with relaxed SIMD reads the variable (Node 20 has none and never does).
      vi.spyOn(WebAssembly, 'validate').mockReturnValue(true);
      expect(chooseKernels('auto')).toBe('fma');
    } finally {
      Object.defineProperty(process, 'env', env);
    }
    // Deno's own answer, where it says: a permission not granted is not asked for.
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(true);
    vi.stubEnv(KERNELS_ENV, 'simd');
    vi.stubGlobal('Deno', { permissions: { querySync: () => ({ state: 'prompt' }) } });
    expect(chooseKernels('auto')).toBe('fma');
    vi.stubGlobal('Deno', { permissions: { querySync: () => ({ state: 'granted' }) } });
    expect(chooseKernels('auto')).toBe('simd');
  });

  it('a network runs the build it asks for, its clones too; the js backend runs none', () => {
    const network = new Network({ layers: [64, 32, 10], dtype: 'float32', wasmKernels: 'simd' });
    expect(network.backend.kernels).toBe('simd');
    expect(network.clone().backend.kernels).toBe('simd');
    expect(new Network({ layers: [64, 32, 10], dtype: 'float64', wasmKernels: 'simd' }).backend.kernels).toBe('simd');
    expect(new Network({ layers: [2, 3, 1], wasmKernels: 'simd' }).backend.kernels).toBe(null); // tiny: js
    vi.stubEnv(KERNELS_ENV, 'simd');
    expect(new Network({ layers: [64, 32, 10], dtype: 'float32' }).backend.kernels).toBe('simd');
  });
});

describe('wasmKernels', () => {
  it('a bad value is refused on the js backend too', () => {
    expect(() => new Network({ layers: [2, 1], wasmKernels: 'x' as never })).toThrow(new ConfigError('wasmKernels', 'must be auto, simd or fma, got "x"'));
    expect(() => new Network({ layers: [2, 1], backend: 'js', wasmKernels: 'x' as never })).toThrow(ConfigError);
  });
});
