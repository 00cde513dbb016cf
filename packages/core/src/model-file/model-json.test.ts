import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../test/datasets.js';
import { FormatError } from '../errors.js';
import type { DType, MatrixLike } from '../data/matrix.js';
import { Model } from '../model/model.js';
import { Network } from '../network/network.js';
import { FileFormatError } from './file-format-error.js';

const iris = loadCsv('iris.csv', 'species');
const diabetes = loadCsv('diabetes.csv', 'progression');

/** A JSON round trip as a user without files does it: text in between. */
const roundTrip = (model: Model) => Model.fromJSON(JSON.parse(JSON.stringify(model)));

/** The bits of every output, so that −0, NaN payloads and the last ulp count. */
const bits = (model: Model, rows: MatrixLike) => Array.from(new Uint8Array(model.outputs(rows).data.slice().buffer));

describe('Model#toJSON and Model.fromJSON', () => {
  it('give back, through JSON.stringify and JSON.parse, a model that predicts bit for bit as before', () => {
    for (const dtype of ['float64', 'float32'] as DType[]) {
      const classifier = Model.train(iris, { hidden: [8], epochs: 20, dtype, seed: 5 }).model;
      const regressor = Model.train(diabetes, { hidden: [8], epochs: 20, dtype, seed: 5 }).model;
      for (const [model, rows] of [[classifier, iris.inputs], [regressor, diabetes.inputs]] as [Model, MatrixLike][]) {
        const back = roundTrip(model);
        expect(bits(back, rows)).toEqual(bits(model, rows));
        expect(back.network.dtype).toBe(dtype);
        expect(back.training).toEqual(model.training);
        expect({ ...back, network: undefined }).toEqual({ ...model, network: undefined }); // names, scalers, labels
      }
    }
  });

  it('writes the documented form, worked by hand for a 2-1 linear network (weights 0.5 and −1, bias 0.25)', () => {
    const network = Network.fromParameters({ layers: [2, 1], activations: ['linear'], loss: 'mse', dtype: 'float32' }, [0.5, -1, 0.25]);
    const model = new Model({
      task: 'regression', network, inputNames: ['x1', 'x2'], targetNames: ['y'],
      inputScaler: { kind: 'none', offset: [0, 0], scale: [1, 1] }, targetScaler: { kind: 'none', offset: [0], scale: [1] },
    });
    expect(JSON.parse(JSON.stringify(model))).toEqual({
      format: 'bpnn',
      format_version: 2,
      model: {
        layers: [2, 1], activations: ['linear'], loss: 'mse', task: 'regression', inputNames: ['x1', 'x2'], targetNames: ['y'],
        inputScaler: { kind: 'none', offset: [0, 0], scale: [1, 1] }, targetScaler: { kind: 'none', offset: [0], scale: [1] },
      },
      training: null,
      dtype: 'float32',
      tensors: { 'layers.0.weight': { shape: [2, 1], data: [[0.5], [-1]] }, 'layers.0.bias': { shape: [1], data: [0.25] } },
    });
    // x = (2, 3): 0.5·2 − 1·3 + 0.25 = −1.75
    expect(roundTrip(model).outputs([[2, 3]]).get(0, 0)).toBe(-1.75);
  });

  it('checks what it reads, naming the source and the field', () => {
    const model = Model.train(iris, { hidden: [4], epochs: 2, seed: 1 }).model;
    const json = () => JSON.parse(JSON.stringify(model));
    const read = (value: unknown) => () => Model.fromJSON(value, { source: 'saved.json' });

    expect(read('nope')).toThrow(new FileFormatError('saved.json', 'file', 'must be a JSON object, got "nope"'));
    expect(read({ ...json(), format_version: 3 })).toThrow(
      'saved.json: format_version 3 was written by a newer bpnn; this one (@bpnn/core) reads up to 2. Upgrade bpnn to read this file.',
    );
    const nan = json();
    nan.tensors['layers.0.weight'].data[1][2] = 'x';
    expect(read(nan)).toThrow(/^saved\.json: tensors\."layers\.0\.weight"\.data\[1\]\[2\] must be a finite number, got "x"\./);
    const softmaxHidden = json();
    softmaxHidden.model.activations[0] = 'softmax';
    expect(read(softmaxHidden)).toThrow(/^saved\.json: model does not describe a network bpnn can build: /);
    const bare = json();
    delete bare.model.task;
    expect(read(bare)).toThrow(/^saved\.json: model\.task is missing: the file holds a bare network/);
    expect(read({ ...json(), tensors: {} })).toThrow(FormatError);
  });

  it('carries a checkpoint: the order of the rows as a U32 tensor (format_version 2), or as version 1 had it, an array in the checkpoint document', () => {
    const model = Model.train(iris, { hidden: [4], epochs: 2, seed: 1, validationSplit: 0.2 }).model;
    const { order } = model.checkpoint!;
    const json = JSON.parse(JSON.stringify(model));
    expect(Object.keys(json.tensors).at(-1)).toBe('checkpoint.order');
    expect(json.tensors['checkpoint.order']).toEqual({ dtype: 'U32', shape: [order.length], data: Array.from(order) });
    expect(json.checkpoint.order).toBeUndefined();
    expect(Model.fromJSON(json).checkpoint).toEqual(model.checkpoint);
    // The same content as version 1 wrote it.
    const { 'checkpoint.order': _order, ...tensors } = json.tensors;
    const version1 = { ...json, format_version: 1, tensors, checkpoint: { ...json.checkpoint, order: Array.from(order) } };
    expect(Model.fromJSON(version1).checkpoint).toEqual(model.checkpoint);
    const read = (value: unknown) => () => Model.fromJSON(value, { source: 'saved.json' });
    expect(read({ ...version1, checkpoint: { ...json.checkpoint, order: [0, 'x'] } })).toThrow('saved.json: checkpoint.order[1] must be a whole number from 0 to 4294967295, got "x".');
    expect(read({ ...json, tensors: { ...json.tensors, 'checkpoint.order': { dtype: 'U32', shape: [1], data: [-1] } } })).toThrow('saved.json: tensors."checkpoint.order".data[0] must be a whole number from 0 to 4294967295, got -1.');
    expect(read({ ...json, tensors: { ...json.tensors, 'checkpoint.order': { shape: [1], data: [0] } } })).toThrow('saved.json: tensor "checkpoint.order".dtype must be U32 (row indices), got "F32".');
  });

  it('reads back a model whose training stopped before its first epoch ended (no loss: null in JSON)', () => {
    const { model, result } = Model.train({ inputs: [[1], [2], [3]], targets: [1.5, 2.5, 3.7] }, { signal: { aborted: true } });
    expect(result.epochs).toBe(0);
    expect(model.training?.loss).toBeNaN();
    const text = JSON.stringify(model);
    expect(JSON.parse(text).training.loss).toBeNull();
    const back = Model.fromJSON(JSON.parse(text));
    expect(back.training?.loss).toBeNaN();
    expect(Array.from(back.network.params)).toEqual(Array.from(model.network.params));
    // a trained model's loss must still be a number
    const trained = JSON.parse(JSON.stringify(Model.train({ inputs: [[1], [2], [3]], targets: [1.5, 2.5, 3.7] }, { epochs: 1 }).model));
    trained.training.loss = null;
    expect(() => Model.fromJSON(trained, { source: 'm.json' })).toThrow('m.json: training.loss must be a finite number, got null');
  });

  it('refuses a training record nested more than 32 deep, which writing it again would overflow the stack on', () => {
    const json = JSON.parse(JSON.stringify(Model.train({ inputs: [[1], [2], [3]], targets: [1.5, 2.5, 3.7] }, { epochs: 1 }).model));
    let deep: unknown = 1;
    for (let k = 0; k < 5000; k++) deep = { a: deep };
    json.training.options.extra = deep;
    expect(() => Model.fromJSON(json, { source: 'deep.json' })).toThrow(/^deep\.json: training nests arrays and objects more than 32 deep/);
    let ok: unknown = 1;
    for (let k = 0; k < 20; k++) ok = [ok];
    json.training.options.extra = ok;
    expect(Model.fromJSON(json).training?.options.extra).toEqual(ok);
  });

  it('ignores created_by and sha256, which serialize writes and checks', () => {
    const model = Model.train(iris, { hidden: [4], epochs: 2, seed: 1 }).model;
    const value = { ...JSON.parse(JSON.stringify(model)), created_by: '@bpnn/serialize 0.1.0', sha256: 'not checked here' };
    expect(bits(Model.fromJSON(value), iris.inputs)).toEqual(bits(model, iris.inputs));
  });
});
