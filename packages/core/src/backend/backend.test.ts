import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fit } from '../training/train.js';
import { createBackend } from './backend.js';
import { Network } from '../network/network.js';
import { Random } from '../random.js';

/** Shapes that hit every edge of the 4 × 8 register tiles: partial row blocks, 4-column and scalar tails (wasm-gemm.test.ts has more, for both builds). */
const shapes = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 16, 16],
  [5, 17, 33],
  [8, 64, 32],
  [13, 31, 21],
  [64, 100, 10],
];

function filled(length: number, random: Random): Float64Array {
  return Float64Array.from({ length }, () => random.normal());
}

describe('wasm backend against the TypeScript reference kernels', () => {
  const wasm = createBackend('float32', 'wasm');
  const js = createBackend('float64', 'js');
  wasm.prepare(100 * 100); // working space for the largest layer below

  it.each(shapes)('rows %i, n %i, m %i', (rows, n, m) => {
    const random = new Random(rows * 1000 + n * 10 + m);
    const a64 = filled(rows * n, random);
    const w64 = filled(n * m, random);
    const b64 = filled(m, random);
    const d64 = filled(rows * m, random);
    const put = (values: Float64Array) => {
      const out = wasm.allocate(values.length);
      out.set(values);
      return out;
    };
    const [a, w, b, d] = [put(a64), put(w64), put(b64), put(d64)];
    // The reference runs in float64 on the float32-rounded inputs, so only the kernels' own
    // float32 rounding separates the two: relative error ~ √n · 2⁻²⁴.
    const [ra, rw, rb, rd] = [a, w, b, d].map((v) => Float64Array.from(v));
    const close = (actual: ArrayLike<number>, expected: ArrayLike<number>) => {
      let scale = 0;
      for (let k = 0; k < expected.length; k++) scale = Math.max(scale, Math.abs(expected[k]));
      for (let k = 0; k < expected.length; k++) expect(Math.abs(actual[k] - expected[k])).toBeLessThan(1e-5 * Math.max(scale, 1));
    };

    const z = wasm.allocate(rows * m);
    const rz = new Float64Array(rows * m);
    wasm.linearForward(z, a, w, b, rows, n, m);
    js.linearForward(rz, ra, rw, rb, rows, n, m);
    close(z, rz);

    const dW = wasm.allocate(n * m);
    const dB = wasm.allocate(m);
    const rdW = new Float64Array(n * m);
    const rdB = new Float64Array(m);
    wasm.linearBackwardParams(dW, dB, a, d, rows, n, m, 1 / rows);
    js.linearBackwardParams(rdW, rdB, ra, rd, rows, n, m, 1 / rows);
    close(dW, rdW);
    close(dB, rdB);

    const g = wasm.allocate(rows * n);
    const rg = new Float64Array(rows * n);
    wasm.linearBackwardInputs(g, d, w, rows, n, m);
    js.linearBackwardInputs(rg, rd, rw, rows, n, m);
    close(g, rg);
  });

  it('keeps earlier buffers valid when its memory grows', () => {
    const first = wasm.allocate(4);
    first.set([1, 2, 3, 4]);
    wasm.allocate(16 * 1024 * 1024); // 64 MiB: the memory must grow
    expect(Array.from(first)).toEqual([1, 2, 3, 4]);
    expect(wasm.owns(first)).toBe(true);
    expect(wasm.owns(new Float32Array(4))).toBe(false);
  });

  it('trains a float32 network to the same weights as the TypeScript kernels, to float32 rounding', () => {
    const random = new Random(1);
    const x = Array.from({ length: 50 }, () => [random.normal(), random.normal(), random.normal()]);
    const y = x.map(([p, q, r]) => [Math.tanh(p - q), p * r > 0 ? 1 : 0]);
    const train = (backend: 'js' | 'wasm') => {
      const network = new Network({ layers: [3, 20, 17, 2], activation: 'tanh', dtype: 'float32', seed: 2, backend });
      expect(network.backend.name).toBe(backend);
      fit(network, x, y, { epochs: 5, batchSize: 10, optimizer: { name: 'sgd', learningRate: 0.1 } });
      return network.params;
    };
    const viaWasm = train('wasm');
    const viaJs = train('js');
    for (let k = 0; k < viaJs.length; k++) expect(viaWasm[k]).toBeCloseTo(viaJs[k], 4);
  });

  it("trains a float64 network to the TypeScript kernels' weights, bit for bit (plain build; with sigmoid and softmax, on V8)", () => {
    const random = new Random(4);
    const x = Array.from({ length: 60 }, () => Array.from({ length: 9 }, () => random.normal()));
    const y = x.map((row) => [Math.tanh(row[0] - row[1]), row[2] * row[3], row[4] > 0 ? 1 : 0]);
    const classes = x.map((row) => [row[0] > 0 ? 1 : 0, row[0] > 0 ? 0 : 1]);
    const train = (backend: 'js' | 'wasm', exp: boolean, optimizer: 'adam' | 'sgd') => {
      // relu/linear/mse: no exp anywhere; sigmoid/softmax/cross-entropy: e^x, which the kernels
      // compute by fdlibm's algorithm as V8's Math.exp does (assembly/exp-f64.ts)
      const options = exp
        ? ({ layers: [9, 40, 30, 2], activation: 'sigmoid', outputActivation: 'softmax', loss: 'categorical-cross-entropy' } as const)
        : ({ layers: [9, 40, 30, 3], activation: 'relu', outputActivation: 'linear', loss: 'mse' } as const);
      const network = new Network({ ...options, dtype: 'float64', seed: 2, backend, wasmKernels: 'simd' });
      expect(network.backend.name).toBe(backend);
      fit(network, x, exp ? classes : y, { epochs: 5, batchSize: 7, optimizer: { name: optimizer, learningRate: 0.01 }, l2: 0.001 });
      return network.params;
    };
    const v8 = process.versions.v8 !== undefined;
    for (const optimizer of ['adam', 'sgd'] as const) {
      for (const exp of [false, true]) {
        const [viaWasm, viaJs] = [train('wasm', exp, optimizer), train('js', exp, optimizer)];
        for (let k = 0; k < viaJs.length; k++) {
          if (exp && !v8) expect(Math.abs(viaWasm[k] - viaJs[k])).toBeLessThan(1e-12);
          else expect(Object.is(viaWasm[k], viaJs[k]), `${optimizer}, parameter ${k}: ${viaWasm[k]} against ${viaJs[k]}`).toBe(true);
        }
      }
    }
  });

  it('refuses a backend it cannot run', () => {
    expect(() => createBackend('float32', 'gpu' as never)).toThrow('backend must be auto, js or wasm, got "gpu"');
  });
});

describe('auto backend', () => {
  it('runs float32 and float64 on wasm unless the network is tiny', () => {
    expect(new Network({ layers: [64, 32, 10], dtype: 'float32' }).backend.name).toBe('wasm');
    expect(new Network({ layers: [2, 3, 1], dtype: 'float32' }).backend.name).toBe('js');
    expect(new Network({ layers: [64, 32, 10], dtype: 'float64' }).backend.name).toBe('wasm');
    expect(new Network({ layers: [64, 32, 10], dtype: 'float64' }).params).toBeInstanceOf(Float64Array);
    expect(new Network({ layers: [2, 3, 1], dtype: 'float64' }).backend.name).toBe('js');
  });
});

describe('wasm memory across trainings', () => {
  it('frees what one training allocated (data, optimiser state) for the next', () => {
    const random = new Random(9);
    const x = Array.from({ length: 300 }, () => Array.from({ length: 40 }, () => random.normal()));
    const y = x.map((row) => [row[0] > 0 ? 1 : 0, row[0] > 0 ? 0 : 1]);
    const network = new Network({ layers: [40, 32, 2], activation: 'relu', loss: 'categorical-cross-entropy', dtype: 'float32', backend: 'wasm' });
    fit(network, x, y, { epochs: 1, validationSplit: 0.2 });
    const after = network.backend.mark();
    for (let i = 0; i < 5; i++) fit(network, x, y, { epochs: 1, validationSplit: 0.2 });
    expect(network.backend.mark()).toBe(after); // nothing leaked
    fit(network, x, y, { epochs: 20 }); // and training still works on the reused memory
    expect(network.predict(x.slice(0, 5)).rows).toBe(5);
  });
});

describe('wasm without SharedArrayBuffer (a page that is not cross-origin isolated)', () => {
  it('says what is missing when wasm is forced, and auto falls back to js, in an engine without toResizableBuffer either', () => {
    // A fresh Node process without SharedArrayBuffer nor toResizableBuffer, running the built
    // package. (With toResizableBuffer, as in Chromium, wasm runs on one thread: the browser test.)
    const script = `
      delete globalThis.SharedArrayBuffer;
      delete WebAssembly.Memory.prototype.toResizableBuffer;
      const { Network } = await import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)});
      const auto = new Network({ layers: [64, 64, 2], dtype: 'float32' });
      let forced;
      try { new Network({ layers: [4, 3], dtype: 'float32', backend: 'wasm' }); } catch (error) { forced = error.message; }
      console.log(JSON.stringify({ auto: auto.backend.name, forced }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const { auto, forced } = JSON.parse(output) as { auto: string; forced: string };
    expect(auto).toBe('js');
    expect(forced).toBe(
      'backend wasm needs a memory that grows without detaching its views: SharedArrayBuffer, which this engine does not offer (a browser offers it only to a cross-origin isolated page: one served with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), or WebAssembly.Memory.prototype.toResizableBuffer, which this engine lacks too',
    );
  });
});
