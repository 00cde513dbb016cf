import { readFileSync } from 'node:fs';
import { FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readModel, writeModel } from './model-file/bpnn-file.js';
import { importBrainJs } from './brainjs.js';
import { importFannNet } from './fann/fann-model.js';
import { readModelJson, writeModelJson } from './model-file/model-json.js';

const fixture = (path: string) => readFileSync(new URL(`../test/fixtures/${path}`, import.meta.url), 'utf8');

describe('modelFromLayers: an imported network without stored scaling', () => {
  it('saves and loads in both forms, predicting bit for bit as before (the target scaler is the identity)', () => {
    for (const model of [importFannNet(fixture('fann/xor_float.net')), importBrainJs(fixture('brainjs/v2_sigmoid.json'))]) {
      expect(model.targetScaler?.kind).toBe('none');
      const inputs = [Array.from({ length: model.network.inputSize }, (_, i) => 0.25 * (i + 1))];
      const before = Array.from(model.outputs(inputs).data);
      for (const loaded of [readModel(writeModel(model)), readModelJson(writeModelJson(model))]) {
        expect(Array.from(loaded.outputs(inputs).data)).toEqual(before);
      }
    }
  });
});

describe('modelFromLayers: a float32 import of weights float32 cannot hold', () => {
  it("is a FormatError naming the file, the layer and the value (the weight was Infinity and predictions NaN); float64 imports it", () => {
    const brain = { type: 'NeuralNetwork', sizes: [2, 2, 1], layers: [{}, { weights: [[1, 2], [3, 1e39]], biases: [0, 0] }, { weights: [[1, 1]], biases: [0] }], options: { activation: 'sigmoid' } };
    expect(() => importBrainJs(brain, { dtype: 'float32', source: 'b.json' })).toThrow(
      new FormatError("b.json: layer 1's weight [1][1] (inputs, outputs) is 1e+39, beyond float32's range (±3.4e38): import it with dtype: 'float64'"),
    );
    expect(Array.from(importBrainJs(brain, { dtype: 'float64' }).network.params)).toContain(1e39);
    const net = fixture('fann/xor_float.net').replace(/(connections \(connected_to_neuron, weight\)=\(\d+, )[-0-9.e+]+/, '$11e39');
    expect(() => importFannNet(net, { dtype: 'float32', source: 'xor.net' })).toThrow(/^xor\.net: layer 1's weight \[0\]\[0\] \(inputs, outputs\) is 5e\+38, beyond float32's range/);
    expect(importFannNet(net, { source: 'xor.net' }).network.params[0]).toBe(5e38); // FANN's steepness 0.5, folded into the weight
  });
});
