import { describe, expect, it, vi } from 'vitest';
import { createBackend } from './backend.js';
import { optimizer, type OptimizerSpec } from '../optimizers/optimizer.js';
import { Random } from '../random.js';

/**
 * The WebAssembly optimiser steps (assembly/optimizers.ts: Adam, SGD plain, classical and Nesterov
 * momentum) against the TypeScript loops of optimizers/*.ts in float64: the same optimiser, built
 * once on the wasm backend (which hands the step to the kernel) and once without a backend, takes
 * five steps on the same gradients. Counts of 1, 3, 4, 7 and 33 parameters run the 4-wide loops
 * and their scalar tails; the gradients include zeros and tiny values.
 */
const specs: [string, OptimizerSpec, 'adamStep' | 'sgdStep'][] = [
  ['adam', { name: 'adam', learningRate: 0.01 }, 'adamStep'],
  ['adam, β₁ 0.5, β₂ 0.9, ε 1e-3', { name: 'adam', learningRate: 0.05, beta1: 0.5, beta2: 0.9, epsilon: 1e-3 }, 'adamStep'],
  ['sgd', { name: 'sgd', learningRate: 0.1 }, 'sgdStep'],
  ['sgd, momentum 0.9', { name: 'sgd', learningRate: 0.1, momentum: 0.9 }, 'sgdStep'],
  ['sgd, Nesterov momentum 0.8', { name: 'sgd', learningRate: 0.1, momentum: 0.8, nesterov: true }, 'sgdStep'],
];
const STEPS = 5;

describe.each(specs)('wasm %s step', (_, spec, kernel) => {
  it.each([1, 3, 4, 7, 33])('%i parameters, 5 steps, against the float64 reference', (count) => {
    const wasm = createBackend('float32', 'wasm');
    const native = vi.spyOn(wasm as unknown as Record<typeof kernel, (...args: unknown[]) => void>, kernel);
    const random = new Random(count);
    const params = wasm.allocate(count);
    for (let k = 0; k < count; k++) params[k] = random.normal();
    const reference = Float64Array.from(params);
    const onWasm = optimizer(spec, 'optimizer', wasm);
    const onJs = optimizer(spec);
    const grads = wasm.allocate(count);
    for (let step = 1; step <= STEPS; step++) {
      for (let k = 0; k < count; k++) grads[k] = k % 5 === 0 ? 0 : k % 5 === 1 ? 1e-6 * random.normal() : random.normal();
      onWasm.step(params, grads);
      onJs.step(reference, Float64Array.from(grads));
      for (let k = 0; k < count; k++) {
        // Each step rounds the parameter (and the step's few operations) to float32 once more.
        const tolerance = 4 * step * 2 ** -24 * (Math.abs(reference[k]) + 1);
        if (!(Math.abs(params[k] - reference[k]) <= tolerance)) {
          throw new Error(`step ${step}, parameter ${k}: wasm ${params[k]}, reference ${reference[k]}`);
        }
      }
    }
    expect(native).toHaveBeenCalledTimes(STEPS); // the kernel ran, not the TypeScript fallback
  });
});
