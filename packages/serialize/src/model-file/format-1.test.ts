/**
 * Model files of format_version 1 (test/fixtures/format-1, written by the commit before version 2),
 * whose checkpoint keeps the order of the rows as a JSON array: bpnn reads them (migrating the
 * order to version 2's tensor), continues their training exactly as the old bpnn did, and writes
 * them again in version 2.
 */
import { readFileSync } from 'node:fs';
import { Model, type Dataset, type TrainOptions } from '@bpnn/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModel, writeModel } from './bpnn-file.js';
import { readCsvDataset } from '../csv/csv.js';
import { readModelJson, writeModelJson } from './model-json.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/format-1/${name}`, import.meta.url));
/** What the old bpnn recorded: each file's training options, its checkpoint's order, and the weights of the same training run 5 epochs straight. */
const expected = JSON.parse(fixture('expected.json').toString('utf8')) as Record<string, { options: TrainOptions & { epochs: number }; continued: { epochs: number }; order: number[]; params: number[] }>;

let iris: Dataset;
beforeAll(async () => {
  iris = await readCsvDataset(readFileSync(new URL('../../../../data/iris.csv', import.meta.url), 'utf8'), { target: 'species' });
});

describe('a model file of format_version 1', () => {
  for (const name of ['adam-f32', 'sgd-f64']) {
    const readers: [string, () => Model][] = [
      [`iris-${name}.bpnn`, () => readModel(fixture(`iris-${name}.bpnn`), { source: `iris-${name}.bpnn` })],
      [`iris-${name}.json`, () => readModelJson(fixture(`iris-${name}.json`), { source: `iris-${name}.json` })],
    ];
    for (const [file, read] of readers) {
      it(`${file}: its checkpoint's order is read, and 2 more epochs give the old bpnn's 5 straight, bit for bit`, () => {
        const { options, continued, order, params } = expected[name];
        const model = read();
        expect(decodeSafetensors(fixture(`iris-${name}.bpnn`), 'f').metadata?.format_version).toBe('1');
        expect(Array.from(model.checkpoint!.order)).toEqual(order);
        expect(model.checkpoint!.epochs).toBe(options.epochs);
        const { hidden: _hidden, dtype: _dtype, ...fitOptions } = options;
        const more = Model.train(iris, { ...fitOptions, epochs: continued.epochs, from: model }).model;
        expect(Array.from(more.network.params)).toEqual(params);
        // Written again, it is of format_version 2, with the order as a tensor, and continues the same.
        const again = readModel(writeModel(model));
        expect(again.checkpoint).toEqual(model.checkpoint);
        expect(readModelJson(writeModelJson(model)).checkpoint).toEqual(model.checkpoint);
        expect(Array.from(Model.train(iris, { ...fitOptions, epochs: continued.epochs, from: again }).model.network.params)).toEqual(params);
      });
    }
  }

  it('with a damaged order is refused, naming the field', () => {
    const file = decodeSafetensors(fixture('iris-adam-f32.bpnn'), 'f');
    const withOrder = (order: unknown) => {
      const checkpoint = JSON.parse(file.metadata!.checkpoint);
      if (order === undefined) delete checkpoint.order;
      else checkpoint.order = order;
      return () => readModel(encodeSafetensors(file.tensors, { ...file.metadata!, checkpoint: JSON.stringify(checkpoint) }), { source: 'old.bpnn' });
    };
    expect(withOrder(undefined)).toThrow('old.bpnn: checkpoint.order is missing.');
    expect(withOrder('1,2')).toThrow('old.bpnn: checkpoint.order must be an array, got "1,2".');
    expect(withOrder([0, 1, -1])).toThrow('old.bpnn: checkpoint.order[2] must be a whole number from 0 to 4294967295, got -1.');
    expect(withOrder([0, 1.5])).toThrow('old.bpnn: checkpoint.order[1] must be a whole number from 0 to 4294967295, got 1.5.');
    // A version-1 file whose tensors already hold an order has two: the file is not what version 1 wrote.
    const json = JSON.parse(fixture('iris-adam-f32.json').toString('utf8'));
    json.tensors['checkpoint.order'] = { dtype: 'U32', shape: [1], data: [0] };
    delete json.sha256;
    expect(() => readModelJson(JSON.stringify(json), { source: 'old.json' })).toThrow(/^old\.json: tensor "checkpoint\.order" /);
  });
});
