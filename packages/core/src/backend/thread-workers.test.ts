/**
 * Starting a pool's workers: the Node worker's source must also run where Bun and Deno put it (the
 * body of a CommonJS function), and a worker that never starts must not leave the caller waiting.
 */
import { describe, expect, it } from 'vitest';
import { kernelModule } from './kernel-modules.js';
import { CONTROL_SLOTS, NODE_WORKER_SOURCE, STARTED, WEB_WORKER_SOURCE } from './thread-code.js';
import { startNodeWorkers } from './thread-workers.js';
import { startPool } from './threads.js';

describe('the workers of a thread pool', () => {
  it("parse as the body of a CommonJS function (how Bun and Deno run a Node worker's eval source)", () => {
    // Bun 1.4.5: "SyntaxError: Cannot declare a lexical variable twice: 'module'", and Deno 2.9.6
    // "Identifier 'module' has already been declared", when the source declared `const { module }`:
    // the worker never started and training waited for it forever.
    const parameters = ['exports', 'require', 'module', '__filename', '__dirname'];
    expect(() => new Function(...parameters, NODE_WORKER_SOURCE)).not.toThrow();
    expect(() => new Function(...parameters, WEB_WORKER_SOURCE)).not.toThrow();
  });

  it('say they run in the control block: the pool is started once all of them have', async () => {
    const kernels = kernelModule('simd');
    if (typeof kernels === 'string' || !kernels.shared) return; // no shared memory here: no pool to test
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const exports = new WebAssembly.Instance(kernels.module, { env: { memory } }).exports as { allocate(bytes: number): number };
    const control = exports.allocate(CONTROL_SLOTS * 4);
    const pool = startPool(kernels.module, memory, exports, control, 3);
    if (pool === null) return; // no worker threads here
    try {
      expect(pool.started).toBe(true); // waits for the workers' start
      expect(Atomics.load(new Int32Array(memory.buffer, control, CONTROL_SLOTS), STARTED)).toBe(2);
      expect(pool.failed).toBe(false);
    } finally {
      pool.close();
    }
  });

  it("are not started where code generation is forbidden (a Content-Security-Policy without 'unsafe-eval'): no pool, not an EvalError", () => {
    const kernels = kernelModule('simd');
    if (typeof kernels === 'string' || !kernels.shared) return; // no shared memory here: no pool to test
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const exports = new WebAssembly.Instance(kernels.module, { env: { memory } }).exports as { allocate(bytes: number): number };
    const control = exports.allocate(CONTROL_SLOTS * 4);
    // Chromium's words, under script-src 'self' 'wasm-unsafe-eval' (the consumer test's Vite page meets the real one).
    const refused = function () {
      throw new EvalError("Evaluating a string as JavaScript violates the following Content Security Policy directive because 'unsafe-eval' is not an allowed source of script");
    };
    const original = globalThis.Function;
    globalThis.Function = refused as unknown as FunctionConstructor;
    let pool: ReturnType<typeof startPool>;
    try {
      pool = startPool(kernels.module, memory, exports, control, 2);
    } finally {
      globalThis.Function = original;
    }
    expect(pool).toBeNull();
  });

  it.each([
    ['does not parse', 'const = ;'],
    ['throws', "throw new Error('no worker here');"],
    ['never says it runs', ''],
  ])('that %s makes the pool failed within the start time, without throwing at the process', async (_, source) => {
    const block = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
    const started = performance.now();
    const workers = startNodeWorkers(null, null, block, 2, 1, 0, source, 500);
    if (workers === null) return; // no worker threads here
    try {
      expect(workers.started).toBe(false);
      expect(workers.failed).toBe(true);
      expect(performance.now() - started).toBeLessThan(10_000);
      // The worker's error event, if any, arrives now that the caller is back in the event loop.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(workers.failed).toBe(true);
    } finally {
      workers.terminate();
    }
  });
});
