import { Model } from '@bpnn/core';
import { readModelJson, writeModelJson } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import type { ModelFile } from './api/types.js';
import { forward } from './forward.js';

const plane = Array.from({ length: 40 }, (_, k) => [Math.sin(k) * 3, Math.cos(3 * k) * 2]);
const inputs = [[-2, 1.5], [0, 0], [2.5, -1], [0.3, 0.7]];

/** A model's JSON form as the page receives it (GET …/file, or a job's snapshot). */
const asFile = (model: Model) => JSON.parse(writeModelJson(model)) as ModelFile;

describe("the page's forward pass", () => {
  it('answers what the server predicts (Model.predict) for classifiers of every usual activation', () => {
    const data = { inputNames: ['a', 'b'], inputs: plane, targetNames: ['y'], targets: plane.map(([a, b]) => [a * b > 0 ? 'same' : a > 0 ? 'right' : 'left']) };
    for (const activation of ['relu', 'sigmoid', 'tanh', 'elu', { name: 'leaky-relu', alpha: 0.2 }] as const) {
      for (const outputActivation of ['softmax', 'sigmoid'] as const) {
        const model = readModelJson(writeModelJson(Model.train(data, { hidden: [5, 4], activation, outputActivation, loss: outputActivation === 'sigmoid' ? 'binary-cross-entropy' : undefined, epochs: 5, seed: 2, dtype: 'float64', scaling: 'minmax' }).model));
        const page = forward(asFile(model), inputs);
        const server = model.predict(inputs);
        if (page.task !== 'classification' || server.task !== 'classification') throw new Error('a classifier');
        expect(page.classes).toEqual(model.labels);
        expect(page.labels).toEqual(server.labels);
        page.outputs.flat().forEach((p, k) => expect(Math.abs(p - server.probabilities.data[k])).toBeLessThanOrEqual(1e-12));
      }
    }
  });

  it('answers a regression in the targets own units, and a float32 model within its rounding', () => {
    const data = { inputNames: ['a', 'b'], inputs: plane, targetNames: ['u', 'v'], targets: plane.map(([a, b]) => [100 + 10 * a - b, a * b]) };
    for (const dtype of ['float64', 'float32'] as const) {
      const { model } = Model.train(data, { hidden: [6], epochs: 5, seed: 3, dtype });
      const page = forward(asFile(model), inputs);
      const values = model.predict(inputs);
      if (page.task !== 'regression' || values.task !== 'regression') throw new Error('a regression');
      expect(page.targets).toEqual(['u', 'v']);
      page.outputs.flat().forEach((v, k) => expect(Math.abs(v - values.values.data[k])).toBeLessThanOrEqual((dtype === 'float64' ? 1e-12 : 1e-5) * Math.max(1, Math.abs(v))));
    }
  });
});
