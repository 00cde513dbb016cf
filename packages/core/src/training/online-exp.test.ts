import { describe, expect, it } from 'vitest';
import { emitExp, emitExpOfNonPositive, expFunction, type ExpLocals } from './online-exp.js';
import { Code, F64, I32, moduleBytes } from './wasm-writer.js';
import { Random } from '../random.js';

/** A module whose function 0 is x ↦ e^x as `emit` writes it (and function 1 emitExp's, which emitExpOfNonPositive calls). */
function wasmExp(emit: (code: Code, locals: ExpLocals) => void = emitExp): (x: number) => number {
  const code = new Code().get(0);
  emit(code, { x: 1, hi: 2, lo: 3, t: 4, c: 5, y: 6, hx: 7, negative: 8, k: 9 });
  const locals = [F64, F64, F64, F64, F64, F64, I32, I32, I32];
  const bytes = moduleBytes([], [{ params: [F64], results: [F64], locals, code, exportAs: 'exp' }, expFunction()]);
  const memory = new WebAssembly.Memory({ initial: 1 });
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.exp as (x: number) => number;
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** The float64 with these high and low 32-bit words. */
function fromWords(high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
}

describe('e^x written inline (fdlibm)', () => {
  const exp = wasmExp();

  it("gives Math.exp's bits at the edges of every branch", () => {
    const edges = [
      0, -0, 1, -1, 0.5, -0.5, 2, 10, -10, 100, -100, 700, -700, 709.78, 709.79, -745.13, -745.14, -740, -708.4, -708.3,
      0.34657359027997264, 0.3465735902799727, 1.0397207708399179, 1.039720770839918, 2 ** -28, -(2 ** -28), 2 ** -29, 1e-300, 5e-324,
      Infinity, -Infinity, NaN, Number.MAX_VALUE, -Number.MAX_VALUE, 1 + 2 ** -52, 1 - 2 ** -53, Math.LN2, -Math.LN2,
    ];
    for (const x of edges) expect(same(exp(x), Math.exp(x)), `e^${x}: ${exp(x)} against ${Math.exp(x)}`).toBe(true);
  });

  it("gives Math.exp's bits on 200,000 random inputs", () => {
    const random = new Random(17);
    let differing = 0;
    for (let i = 0; i < 200_000; i++) {
      // most where sigmoid's arguments fall, some over the whole range, some near the subnormal results
      const x = i % 4 === 0 ? random.uniform(-750, 710) : i % 4 === 1 ? random.uniform(-745.2, -707) : random.uniform(-40, 40);
      if (!same(exp(x), Math.exp(x))) differing++;
    }
    expect(differing).toBe(0);
  });
});

describe('e^x of x ≤ 0 written inline without branches (sigmoid\'s e^−|z|)', () => {
  const exp = wasmExp((code, locals) => emitExpOfNonPositive(code, locals, 1));

  it("gives Math.exp's bits at the edges of every case", () => {
    const edges = [
      0, -0, -1, -0.5, -10, -100, -700, -709.78, -709.79, -745.13, -745.14, -740, -708.4, -708.39, -708.3, -1000,
      -0.34657359027997264, -0.3465735902799727, -0.34657359027997275, -1.0397207708399179, -1.039720770839918, -1.0397207708399183,
      -(2 ** -28), -(2 ** -28) * 1.0000001, -(2 ** -29), -1e-300, -5e-324, -Infinity, NaN, -Number.MAX_VALUE, -Math.LN2,
      // where fdlibm's cases change by |x|'s high word (½ln2, 1.5·ln2), and where 2^k stops being normal (k = −1021, −1022)
      ...[0x3fd62e42, 0x3fd62e43, 0x3ff0a2b1, 0x3ff0a2b2].flatMap((high) => [-fromWords(high, 0), -fromWords(high, 0xffffffff)]),
      -1021.5 * Math.LN2, -1020.5 * Math.LN2, -1021.4 * Math.LN2, -1021.6 * Math.LN2, -1022.5 * Math.LN2,
    ];
    for (const x of edges) expect(same(exp(x), Math.exp(x)), `e^${x}: ${exp(x)} against ${Math.exp(x)}`).toBe(true);
  });

  it("gives Math.exp's bits on 300,000 random inputs ≤ 0", () => {
    const random = new Random(18);
    let differing = 0;
    for (let i = 0; i < 300_000; i++) {
      const scale = [1e-9, 0.4, 1.1, 40, 750][i % 5];
      const x = -random.uniform(0, scale);
      if (!same(exp(x), Math.exp(x))) differing++;
    }
    expect(differing).toBe(0);
  });
});
