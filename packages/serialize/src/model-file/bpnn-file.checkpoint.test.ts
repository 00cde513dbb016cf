/**
 * A .bpnn file (and the JSON form) carries a model's checkpoint (core's checkpoint.ts): training continued after a
 * save and a load gives the weights, bit for bit, of a training that never stopped.
 */
import { readFileSync } from 'node:fs';
import { Model, type Dataset, type OptimizerSpec, type TrainOptions } from '@bpnn/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvDataset } from '../csv/csv.js';
import { readModel, writeModel } from './bpnn-file.js';
import { readModelJson, writeModelJson } from './model-json.js';
import { sha256Hex } from './checksum.js';
import { decodeSafetensors, encodeSafetensors, tensorBytes } from './safetensors.js';

let iris: Dataset;
beforeAll(async () => {
  iris = await readCsvDataset(readFileSync(new URL('../../../../data/iris.csv', import.meta.url), 'utf8'), { target: 'species' });
});

const OPTIMIZERS: [OptimizerSpec, string[]][] = [
  [{ name: 'adam', learningRate: 0.01 }, ['optimizer.m', 'optimizer.v']],
  [{ name: 'sgd', learningRate: 0.05, momentum: 0.9 }, ['optimizer.velocity']],
  [{ name: 'rprop' }, ['optimizer.delta', 'optimizer.previous']],
  [{ name: 'quickprop', learningRate: 0.1 }, ['optimizer.previousStep', 'optimizer.previousSlope']],
  [{ name: 'lbfgs' }, ['optimizer.s', 'optimizer.y', 'optimizer.lastStep', 'optimizer.gradient']],
];

describe('a checkpoint in a .bpnn file', () => {
  it.each(OPTIMIZERS)('%j: 10 epochs, save, load, 10 more are 20 epochs straight, bit for bit', (optimizer, tensors) => {
    // Every epoch runs (no automatic stop), so that both trainings end on their last epoch's weights.
    const options: TrainOptions = { hidden: [6], optimizer, shuffle: true, seed: 5, dtype: 'float32', earlyStopping: false };
    const straight = Model.train(iris, { ...options, epochs: 20 }).model;
    const first = Model.train(iris, { ...options, epochs: 10 }).model;
    const bytes = writeModel(first);
    const file = decodeSafetensors(bytes, 'first.bpnn');
    const names = file.tensors.map((t) => t.name);
    expect(names.filter((n) => n.startsWith('optimizer.'))).toEqual(tensors);
    // The order of the rows is the last tensor, 4 bytes a row, and no longer in the checkpoint document.
    const order = file.tensors.at(-1)!;
    expect(order).toEqual({ name: 'checkpoint.order', dtype: 'U32', shape: [first.checkpoint!.order.length], data: first.checkpoint!.order });
    expect(Object.keys(JSON.parse(file.metadata!.checkpoint))).not.toContain('order');
    const loaded = readModel(bytes, { source: 'first.bpnn' });
    const { hidden: _hidden, dtype: _dtype, ...fitOptions } = options;
    const continued = Model.train(iris, { ...fitOptions, epochs: 10, from: loaded }).model;
    expect(Array.from(continued.network.params)).toEqual(Array.from(straight.network.params));
    expect(continued.checkpoint?.epochs).toBe(20);
    expect(continued.training?.continued).toEqual({ epochs: 10, optimizerState: true });
    // The JSON form carries it too.
    const viaJson = Model.train(iris, { ...fitOptions, epochs: 10, from: readModelJson(writeModelJson(first), { source: 'first.json' }) }).model;
    expect(Array.from(viaJson.network.params)).toEqual(Array.from(straight.network.params));
    // The same file without its checkpoint continues from the weights alone: another training.
    const warm = Model.train(iris, { ...fitOptions, epochs: 10, from: new Model({ ...loaded, checkpoint: undefined }) }).model;
    expect(Array.from(warm.network.params)).not.toEqual(Array.from(straight.network.params));
  });

  it('a model without a checkpoint writes the same file as before; a damaged checkpoint is named', () => {
    const model = Model.train(iris, { hidden: [3], epochs: 2 }).model;
    const plain = new Model({ ...model, checkpoint: undefined });
    const file = decodeSafetensors(writeModel(plain), 'plain.bpnn');
    expect(file.metadata?.format_version).toBe('2');
    expect(Object.keys(file.metadata!)).not.toContain('checkpoint');
    expect(file.tensors.map((t) => t.name)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);

    const full = decodeSafetensors(writeModel(model), 'm.bpnn');
    const rewrite = (change: (metadata: Record<string, string>, tensors: typeof full.tensors) => typeof full.tensors) => {
      const metadata = { ...full.metadata! };
      const tensors = change(metadata, [...full.tensors]);
      metadata.sha256 = sha256Hex(tensorBytes(tensors)); // a true checksum: only the checkpoint is wrong
      return () => readModel(encodeSafetensors(tensors, metadata), { source: 'm.bpnn' });
    };
    expect(rewrite((_, t) => t.filter((x) => x.name !== 'optimizer.v'))).toThrow('m.bpnn: tensor "optimizer.v" is missing: adam\'s state has optimizer.m, optimizer.v.');
    expect(rewrite((m, t) => { delete m.checkpoint; return t; })).toThrow('m.bpnn: tensor "optimizer.m" is an optimiser state, but the file has no checkpoint document to go with it.');
    expect(rewrite((m, t) => { m.checkpoint = m.checkpoint.replace('"epochs":2', '"epochs":-2'); return t; })).toThrow(/^m\.bpnn: checkpoint\.epochs must be a whole number from 0/);
    expect(rewrite((_, t) => t.filter((x) => x.name !== 'checkpoint.order'))).toThrow('m.bpnn: tensor "checkpoint.order" is missing: a checkpoint holds the order of its training rows.');
    expect(rewrite((m, t) => { delete m.checkpoint; return t.filter((x) => !x.name.startsWith('optimizer.')); })).toThrow('m.bpnn: tensor "checkpoint.order" is the order of a training, but the file has no checkpoint document to go with it.');
    const asFloats = (t: typeof full.tensors) => t.map((x) => (x.name === 'checkpoint.order' ? { ...x, dtype: 'F32' as const, data: Float32Array.from(x.data) } : x));
    expect(rewrite((_, t) => asFloats(t))).toThrow('m.bpnn: tensor "checkpoint.order".dtype must be U32 (row indices), got "F32".');
    const square = (t: typeof full.tensors) => t.map((x) => (x.name === 'checkpoint.order' ? { ...x, shape: [x.data.length / 2, 2] } : x));
    expect(rewrite((_, t) => square(t))).toThrow('m.bpnn: tensor "checkpoint.order".shape must be [rows] (one index per training row), got [');
    // A row twice (so another missing), a negative second moment and xoshiro's all-zero state.
    const twice = (t: typeof full.tensors) => t.map((x) => (x.dtype === 'U32' ? { ...x, data: x.data.map((r, i, all) => (i === 1 ? all[0] : r)) } : x));
    expect(rewrite((_, t) => twice(t))).toThrow(/^m\.bpnn: tensor "checkpoint\.order"\[1\] is row \d+ a second time: each training row is in the order once\./);
    const negative = (t: typeof full.tensors) => t.map((x) => (x.name === 'optimizer.v' && x.dtype !== 'U32' ? { ...x, data: x.data.map((v, i) => (i === 3 ? -0.5 : v)) } : x));
    expect(rewrite((_, t) => negative(t))).toThrow('m.bpnn: tensor "optimizer.v"[3] must be ≥ 0 (Adam\'s second moment, a mean of squared gradients), got -0.5.');
    expect(rewrite((m, t) => { m.checkpoint = m.checkpoint.replace(/"words":\[[^\]]*\]/, '"words":[0,0,0,0]'); return t; })).toThrow(/^m\.bpnn: checkpoint\.random\.words must not all be 0/);
    // A row that is not one of the training's is refused when training resumes, as before.
    const outside = (t: typeof full.tensors) => t.map((x) => (x.dtype === 'U32' ? { ...x, data: x.data.map((r, i) => (i === 0 ? 10 ** 6 : r)) } : x));
    expect(() => Model.train(iris, { epochs: 1, from: rewrite((_, t) => outside(t))() })).toThrow(/^resume was made on \d+ training rows that are not these/);
  });
});
