import { describe, expect, it, vi } from 'vitest';
import { createBackend } from './backend.js';
import { optimizer, type OptimizerSpec } from '../optimizers/optimizer.js';
import { Random } from '../random.js';

/**
 * The float64 WebAssembly optimiser steps (assembly/optimizers-f64.ts: Adam, SGD plain, classical
 * and Nesterov momentum) against the TypeScript loops of optimizers/*.ts, bit for bit: the kernels
 * do the loops' operations in the loops' order, two parameters at a time. The same optimiser, built
 * once on the float64 wasm backend (which hands the step to the kernel) and once without a
 * backend, takes five steps on the same gradients. Counts of 1, 2, 3, 4, 7 and 33 parameters run
 * the 2-wide loops and their scalar tail; the gradients include zeros, tiny and huge values.
 */
const specs: [string, OptimizerSpec, 'adamStep' | 'sgdStep'][] = [
  ['adam', { name: 'adam', learningRate: 0.01 }, 'adamStep'],
  ['adam, β₁ 0.5, β₂ 0.9, ε 1e-3', { name: 'adam', learningRate: 0.05, beta1: 0.5, beta2: 0.9, epsilon: 1e-3 }, 'adamStep'],
  ['sgd', { name: 'sgd', learningRate: 0.1 }, 'sgdStep'],
  ['sgd, momentum 0.9', { name: 'sgd', learningRate: 0.1, momentum: 0.9 }, 'sgdStep'],
  ['sgd, Nesterov momentum 0.8', { name: 'sgd', learningRate: 0.1, momentum: 0.8, nesterov: true }, 'sgdStep'],
];
const STEPS = 5;

describe.each(specs)('wasm float64 %s step', (_, spec, kernel) => {
  it.each([1, 2, 3, 4, 7, 33])('%i parameters, 5 steps, bit for bit the TypeScript loop', (count) => {
    const wasm = createBackend('float64', 'wasm');
    const native = vi.spyOn(wasm as unknown as Record<typeof kernel, (...args: unknown[]) => void>, kernel);
    const random = new Random(count);
    const params = wasm.allocate(count);
    for (let k = 0; k < count; k++) params[k] = random.normal();
    const reference = Float64Array.from(params);
    const onWasm = optimizer(spec, 'optimizer', wasm);
    const onJs = optimizer(spec);
    const grads = wasm.allocate(count);
    const gradient = (k: number) => [0, 1e-9 * random.normal(), random.normal(), 1e6 * random.normal(), -0][k % 5];
    for (let step = 1; step <= STEPS; step++) {
      for (let k = 0; k < count; k++) grads[k] = gradient(k);
      onWasm.step(params, grads);
      onJs.step(reference, Float64Array.from(grads));
      for (let k = 0; k < count; k++) {
        if (!Object.is(params[k], reference[k])) throw new Error(`step ${step}, parameter ${k}: wasm ${params[k]}, reference ${reference[k]}`);
      }
    }
    expect(native).toHaveBeenCalledTimes(STEPS); // the kernel ran, not the TypeScript fallback
  });
});
