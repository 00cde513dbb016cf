/**
 * The plain-memory build of the kernels, made from the shipped shared-memory build by rewriting
 * its memory's limits flags (kernel-modules.ts; build-wasm.mjs checks at build time that this is
 * byte for byte the plain compile): it must import a plain memory and refuse a shared one, and
 * the shared build the reverse, and both must compute the same.
 */
import { describe, expect, it } from 'vitest';
import { kernelBytes } from './kernel-modules.js';
import { hasRelaxedSimd, type KernelVariant } from './kernel-variants.js';

interface Kernels {
  allocate(bytes: number): number;
  expF32(x: number, y: number, count: number): void;
}

const plainMemory = () => new WebAssembly.Memory({ initial: 1, maximum: 65536 });
const sharedMemory = () => new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
const instantiate = (bytes: Uint8Array, memory: WebAssembly.Memory) => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as Kernels;

/** e^x of a few float32 values by a build on its memory. */
function exps(bytes: Uint8Array, memory: WebAssembly.Memory): number[] {
  const kernels = instantiate(bytes, memory);
  const [x, y] = [kernels.allocate(16), kernels.allocate(16)];
  new Float32Array(memory.buffer, x, 4).set([-3.5, 0, 0.25, 10]);
  kernels.expF32(x, y, 4);
  return Array.from(new Float32Array(memory.buffer, y, 4));
}

describe('the kernels for a plain memory', () => {
  const variants: KernelVariant[] = hasRelaxedSimd() ? ['simd', 'fma'] : ['simd'];

  it.each(variants)('(%s build) import a plain memory and refuse a shared one; the shared build the reverse', (variant) => {
    const plain = kernelBytes(variant, false);
    const shared = kernelBytes(variant, true);
    expect(plain.length).toBe(shared.length);
    expect(Array.from(plain.filter((byte, at) => byte !== shared[at]))).toEqual([0x01]); // one byte: 0x03 (shared) → 0x01
    expect(() => instantiate(plain, sharedMemory())).toThrow(/memory/i);
    expect(() => instantiate(shared, plainMemory())).toThrow(/memory/i);
    const onPlain = exps(plain, plainMemory());
    expect(onPlain).toEqual(exps(shared, sharedMemory()));
    expect(onPlain.map((y, i) => Math.abs(y / Math.exp([-3.5, 0, 0.25, 10][i]) - 1))).toSatisfy((errors: number[]) => errors.every((e) => e < 2e-7));
  });
});
