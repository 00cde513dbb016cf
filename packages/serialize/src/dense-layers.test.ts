import { readFileSync } from 'node:fs';
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
