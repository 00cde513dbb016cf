/**
 * A model handed to another thread: structured clone with the transfer list (what postMessage
 * does) and back is the same model, bit for bit (its .bpnn file is the same bytes, checkpoint
 * included), the model sent from stays whole, and a value that is not a model is refused.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, DataError, Model, ShapeError, type DType } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { bitsOf, sampleInputs, tinyClassifier, tinyRegressor } from '../../test/tiny-models.js';
import { thrown } from '../../test/thrown.js';
import { writeModel } from './bpnn-file.js';
import { readCsvDataset } from '../csv/csv.js';
import { modelForTransfer, modelFromTransfer } from './model-transfer.js';

const DTYPES: DType[] = ['float32', 'float64'];

/** What another thread receives: postMessage's structured clone, the listed buffers moved. */
function sent(model: Model): Model {
  const { value, transfer } = modelForTransfer(model);
  const received = structuredClone(value, { transfer });
  expect(transfer.every((buffer) => buffer.byteLength === 0), 'the buffers were moved, not copied').toBe(true);
  return modelFromTransfer(received);
}

describe('modelForTransfer and modelFromTransfer', () => {
  for (const dtype of DTYPES) {
    for (const make of [tinyClassifier, tinyRegressor]) {
      it(`hand over a ${make.name} in ${dtype}: the same .bpnn bytes, bit-identical predictions, the original whole`, () => {
        const model = make(dtype);
        const bytes = writeModel(model);
        const back = sent(model);
        expect(Buffer.from(writeModel(back))).toEqual(Buffer.from(bytes));
        expect(back.network.config()).toEqual(model.network.config());
        const x = sampleInputs(50, model.inputNames.length);
        expect(bitsOf(back.outputs(x).data)).toEqual(bitsOf(model.outputs(x).data));
        expect(Buffer.from(writeModel(model))).toEqual(Buffer.from(bytes)); // nothing of the original was moved
      });
    }
  }

  it('hands over the categories of a model with columns of categories: the same .bpnn bytes', async () => {
    const data = await readCsvDataset('colour,x,y\nred,1,a\nblue,2,b\nred,3,a\ngreen,4,b\n', { target: 'y' });
    const model = Model.train(data, { hidden: [3], epochs: 3, seed: 1 }).model;
    const back = sent(model);
    expect(back.categorical).toEqual([{ name: 'colour', categories: ['blue', 'green', 'red'] }]);
    expect(Buffer.from(writeModel(back))).toEqual(Buffer.from(writeModel(model)));
  });

  it('hands over a checkpoint (optimiser state and row order): training continues as from the file', async () => {
    const iris = await readCsvDataset(readFileSync(new URL('../../../../data/iris.csv', import.meta.url), 'utf8'), { target: 'species' });
    const options = { optimizer: { name: 'adam', learningRate: 0.01 }, shuffle: true, seed: 5, earlyStopping: false } as const;
    const first = Model.train(iris, { ...options, hidden: [6], epochs: 5, dtype: 'float32' }).model;
    expect(first.checkpoint).toBeDefined();
    const back = sent(first);
    expect(Buffer.from(writeModel(back))).toEqual(Buffer.from(writeModel(first)));
    const straight = Model.train(iris, { ...options, epochs: 5, from: first }).model;
    const continued = Model.train(iris, { ...options, epochs: 5, from: back }).model;
    expect(bitsOf(continued.network.params)).toEqual(bitsOf(straight.network.params));
  });

  it('refuses what is not a transferred model, as core\'s constructors do', () => {
    expect(thrown(() => modelFromTransfer({} as never))).toBeInstanceOf(ConfigError);
    const { value } = modelForTransfer(tinyRegressor('float64'));
    const nan = { ...value, network: { ...value.network, params: value.network.params.map((v, i) => (i === 3 ? NaN : v)) } };
    expect(thrown(() => modelFromTransfer(nan))).toBeInstanceOf(DataError);
    const short = { ...value, network: { ...value.network, params: value.network.params.subarray(1) } };
    expect(thrown(() => modelFromTransfer(short))).toBeInstanceOf(ShapeError);
    expect(thrown(() => modelFromTransfer({ ...value, inputNames: ['a'] }))).toBeInstanceOf(ConfigError);
  });
});
