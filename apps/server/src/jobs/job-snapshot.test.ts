import { Model } from '@bpnn/core';
import { readModel, writeModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { OpenApiCheck } from '../../test/openapi-check.js';
import { MAX_SNAPSHOT_PARAMETERS, snapshotOf, snapshotThrottle, snapshotted } from './job-snapshot.js';
import { openApiDocument } from '../openapi.js';
import { jobSnapshotSchema } from '../schemas/job-snapshot.js';

const data = { inputNames: ['a', 'b'], inputs: [[0, 1], [1, 0], [1, 1], [0, 0]], targetNames: ['y'], targets: [['x'], ['x'], ['z'], ['z']] };

describe('job snapshots', () => {
  it("are the model's JSON form without its training record or optimiser state, predicting as the model does", () => {
    const { model } = Model.train(data, { hidden: [3], epochs: 3, seed: 1, dtype: 'float32' });
    expect(model.checkpoint).toBeDefined();
    const snapshot = snapshotOf(model, 3, true);
    expect(jobSnapshotSchema.safeParse(snapshot).error).toBeUndefined();
    expect(new OpenApiCheck(openApiDocument({ version: '1', maxRows: 10 })).schemaErrors('JobSnapshot', JSON.parse(JSON.stringify(snapshot)))).toEqual([]);
    expect(snapshot.model.training).toBeNull();
    expect(Object.keys(snapshot.model.tensors).sort()).toEqual(['layers.0.bias', 'layers.0.weight', 'layers.1.bias', 'layers.1.weight']);
    const inputs = [[0.25, 0.75], [3, -2]];
    const stored = readModel(writeModel(model)); // as the server would store it
    expect(Array.from(Model.fromJSON(JSON.parse(JSON.stringify(snapshot.model))).outputs(inputs).data)).toEqual(Array.from(stored.outputs(inputs).data));
  });

  it(`are taken of networks of at most ${MAX_SNAPSHOT_PARAMETERS} weights and biases`, () => {
    // 2 inputs, n hidden, 2 outputs: 2n + n + 2n + 2 = 5n + 2 parameters.
    const n = Math.floor((MAX_SNAPSHOT_PARAMETERS - 2) / 5);
    const model = (hidden: number) => Model.train(data, { hidden: [hidden], epochs: 1 }).model;
    expect(snapshotted(model(n))).toBe(true);
    expect(snapshotted(model(n + 1))).toBe(false);
  });

  it('are at least the interval apart, the first at once', () => {
    let t = 1000;
    const throttle = snapshotThrottle(250, () => t);
    const due = (at: number) => ((t = at), throttle.due());
    expect([due(1000), due(1100), due(1249), due(1250), due(1251), due(1600)]).toEqual([true, false, false, true, false, true]);
  });
});
