import { describe, expect, it } from 'vitest';
import { Network } from '../network/network.js';
import { Random } from '../random.js';
import { MAX_SLOTS } from './row-trampoline.js';

// predictOne calls every network's row kernel through one shared WebAssembly function and a table
// slot per network (row-trampoline.ts): a call must reach its own network's kernel, whichever
// networks came before it, in either dtype.
describe('the shared row-kernel call', () => {
  it('reaches each network\'s own kernel, networks interleaved', () => {
    const random = new Random(1);
    const networks = [1, 2, 3, 4].map((seed) =>
      new Network({ layers: [8, 12, 3], activation: ['sigmoid', 'softmax'], dtype: seed % 2 === 0 ? 'float64' : 'float32', backend: 'wasm', seed }));
    const samples = Array.from({ length: 5 }, () => Array.from({ length: 8 }, () => random.normal()));
    const expected = networks.map((network) => samples.map((x) => Array.from(network.predict([x]).row(0))));
    for (let round = 0; round < 3; round++) {
      samples.forEach((x, s) => networks.forEach((network, n) => expect(Array.from(network.predictOne(x))).toEqual(expected[n][s])));
    }
    expect(new Set(expected.map((rows) => rows[0][0])).size).toBe(4); // four different networks
  });

  it(`still predicts with more than MAX_SLOTS (${MAX_SLOTS}) networks alive, the others calling their kernel directly`, () => {
    const networks = Array.from({ length: MAX_SLOTS + 8 }, (_, seed) => new Network({ layers: [5, 7, 2], activation: ['tanh', 'softmax'], backend: 'wasm', seed }));
    const x = [0.5, -1, 2, 0, 3];
    const expected = networks.map((network) => Array.from(network.predict([x]).row(0)));
    networks.forEach((network, n) => expect(Array.from(network.predictOne(x))).toEqual(expected[n]));
    networks.forEach((network, n) => expect(Array.from(network.predictOne(x))).toEqual(expected[n]));
  });
});
