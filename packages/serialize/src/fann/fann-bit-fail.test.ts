/**
 * bpnn's bit fail against FANN 2.2's own: fann_get_bit_fail after fann_test_data, on a network
 * bpnn exported (exportFannNet) and a data set written by writeFannData. Skipped, saying why,
 * without gcc and libfann-dev.
 */
import { Model, Network, networkBitFail, Random, type ActivationName } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { fannBitFail } from '../../test/fann-runner.js';
import { writeFannData } from './fann-data.js';
import { exportFannNet } from './fann-model.js';

function model(output: ActivationName): Model {
  const network = new Network({ layers: [3, 5, 2], activation: 'tanh', outputActivation: output, seed: 11 });
  const identity = { kind: 'standard' as const, offset: [0, 0, 0], scale: [1, 1, 1] };
  return new Model({ task: 'regression', network, inputNames: ['a', 'b', 'c'], targetNames: ['u', 'v'], inputScaler: identity, targetScaler: { kind: 'standard', offset: [0, 0], scale: [1, 1] } });
}

/** 40 samples: inputs in [−2, 2), targets in the output activation's range. */
function data(low: number) {
  const random = new Random(5);
  const inputs = Array.from({ length: 40 }, () => [0, 1, 2].map(() => random.uniform(-2, 2)));
  const targets = inputs.map(() => [0, 1].map(() => random.uniform(low, 1)));
  return { inputs, targets };
}

const fann = fannBitFail();
describe.skipIf(fann.run === undefined)(`bit fail against FANN 2.2${fann.reason ? ` (skipped: ${fann.reason})` : ''}`, () => {
  // tanh is FANN's sigmoid_symmetric, whose difference FANN halves; sigmoid's it does not.
  it.each([
    ['tanh', -1],
    ['sigmoid', 0],
  ] as const)('a %s output layer: the same count as fann_get_bit_fail at every limit', (output, low) => {
    const m = model(output);
    const set = data(low);
    const outputs = m.network.predict(set.inputs).toRows();
    const counts = [0.05, 0.1, 0.2, 0.35, 0.5].map((limit) => {
      // FANN computes in float32: no difference may sit within 1e-5 of a limit, or the two could round apart
      const halve = output === 'tanh' ? 0.5 : 1;
      const margins = outputs.flatMap((row, r) => row.map((a, j) => Math.abs(Math.abs(set.targets[r][j] - a) * halve - limit)));
      expect(Math.min(...margins)).toBeGreaterThan(1e-5);
      return [networkBitFail(m.network, set.inputs, set.targets, limit), fann.run!(exportFannNet(m), writeFannData(set), limit).bitFail];
    });
    for (const [bpnn, fannCount] of counts) expect(bpnn).toBe(fannCount);
    // the limits separate: the counts are not all the same
    expect(new Set(counts.map(([bpnn]) => bpnn)).size).toBeGreaterThan(2);
  });
});
