import { FormatError, Model, type DType } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readBySpec } from '../../test/spec-reader.js';
import { thrown } from '../../test/thrown.js';
import { bitsOf, sampleInputs, tinyClassifier, tinyRegressor } from '../../test/tiny-models.js';
import { writeModel } from './bpnn-file.js';
import { readModelJson, readNetworkJson, writeModelJson, writeNetworkJson } from './model-json.js';
import { CREATED_BY } from './version.js';

const DTYPES: DType[] = ['float32', 'float64'];

describe('the JSON form', () => {
  for (const dtype of DTYPES) {
    for (const make of [tinyClassifier, tinyRegressor]) {
      it(`round-trips a ${make.name} in ${dtype} with bit-identical predictions`, () => {
        const model = make(dtype);
        const text = writeModelJson(model);
        const back = readModelJson(text, { source: 'tiny.json' });
        expect(back.network.config()).toEqual(model.network.config());
        expect({ ...back, network: undefined }).toEqual({ ...model, network: undefined });
        expect(bitsOf(back.network.params)).toEqual(bitsOf(model.network.params));
        const x = sampleInputs(40, model.inputNames.length);
        expect(bitsOf(back.outputs(x).data)).toEqual(bitsOf(model.outputs(x).data));
        expect(writeModelJson(back)).toBe(text);
        expect(bitsOf(readModelJson(new TextEncoder().encode(text)).network.params)).toEqual(bitsOf(model.network.params));
      });
    }
  }

  it('is the value of JSON.stringify(model) (core\'s Model#toJSON), with created_by and sha256; each side reads the other\'s', () => {
    for (const dtype of DTYPES) {
      const model = tinyClassifier(dtype);
      const { created_by, sha256, ...rest } = JSON.parse(writeModelJson(model));
      expect([created_by, sha256.length]).toEqual([CREATED_BY, 64]);
      expect(rest).toEqual(JSON.parse(JSON.stringify(model)));
      const x = sampleInputs(20, model.inputNames.length);
      expect(bitsOf(readModelJson(JSON.stringify(model)).outputs(x).data)).toEqual(bitsOf(model.outputs(x).data));
      expect(bitsOf(Model.fromJSON(JSON.parse(writeModelJson(model))).outputs(x).data)).toEqual(bitsOf(model.outputs(x).data));
    }
  });

  it('holds the same metadata and checksum as the .bpnn file, and weights as rows', () => {
    const model = tinyClassifier('float32');
    const json = JSON.parse(writeModelJson(model));
    const metadata = readBySpec(writeModel(model)).metadata!;
    expect(json.format).toBe(metadata.format);
    expect(json.format_version).toBe(Number(metadata.format_version));
    expect(json.created_by).toBe(metadata.created_by);
    expect(json.sha256).toBe(metadata.sha256);
    expect(json.model).toEqual(JSON.parse(metadata.model));
    expect(json.training).toEqual(JSON.parse(metadata.training));
    expect(json.dtype).toBe('float32');
    const w = model.network.parameters()[0];
    expect(json.tensors['layers.0.weight'].shape).toEqual([3, 4]);
    expect(json.tensors['layers.0.weight'].data).toEqual([0, 1, 2].map((r) => Array.from(w.value.subarray(r * 4, r * 4 + 4))));
    expect(json.tensors['layers.0.bias'].data).toEqual(Array.from(model.network.parameters()[1].value));
  });

  it('puts each weight row on one line, for diffs', () => {
    const text = writeNetworkJson(tinyRegressor('float64').network);
    const row = /\n {8}\[(-?\d[^\]\n]*)\]/g;
    const rows = [...text.matchAll(row)];
    expect(rows).toHaveLength(2 + 3); // layers.0.weight has 2 rows, layers.1.weight 3
    expect(rows[0][1].split(',')).toHaveLength(3);
    expect(bitsOf(readNetworkJson(text).params)).toEqual(bitsOf(tinyRegressor('float64').network.params));
  });

  it('accepts a hand-edited weight once the checksum is removed, and not before', () => {
    const json = JSON.parse(writeModelJson(tinyRegressor('float64')));
    json.tensors['layers.1.bias'].data[0] = 0.125;
    const error = thrown(() => readModelJson(JSON.stringify(json), { source: 'm.json' }));
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toMatch(/^m\.json: sha256 is "[0-9a-f]{64}", but the weights hash to "[0-9a-f]{64}": they were changed after the file was written\. If you edited the weights on purpose, delete the "sha256" line/);
    delete json.sha256;
    expect(readModelJson(JSON.stringify(json)).network.parameters()[3].value[0]).toBe(0.125);
  });

  it('reads a file an editor saved with a byte-order mark, as text (Node\'s readFile(…, "utf8") keeps it) as from bytes; names UTF-16', () => {
    const model = tinyRegressor('float64');
    const text = `\uFEFF${writeModelJson(model)}`; // what Notepad saves as "UTF-8 with BOM"
    const x = sampleInputs(5, 2);
    for (const input of [text, new TextEncoder().encode(text)]) {
      expect(bitsOf(readModelJson(input, { source: 'bom.json' }).outputs(x).data)).toEqual(bitsOf(model.outputs(x).data));
    }
    const utf16 = new Uint8Array(Buffer.from(text, 'utf16le')); // Notepad's "Unicode": FF FE, then UTF-16LE
    expect(utf16.slice(0, 2)).toEqual(Uint8Array.of(0xff, 0xfe));
    expect(() => readModelJson(utf16, { source: 'u16.json' })).toThrow('u16.json: file must be UTF-8 text, but is UTF-16 (it starts with the byte-order mark FF FE or FE FF). Save it again as UTF-8.');
  });

  it('names the field for each way a document can be wrong', () => {
    const good = () => JSON.parse(writeModelJson(tinyClassifier('float64')));
    const cases: [string, (j: any) => void, string][] = [
      ['not bpnn', (j) => (j.format = 'brain.js'), 'm.json: format must be "bpnn", got "brain.js": this JSON is not a bpnn model. Open a model JSON written by bpnn.'],
      ['newer', (j) => (j.format_version = 3), 'm.json: format_version 3 was written by a newer bpnn'],
      ['U32 weight', (j) => (j.tensors['layers.1.bias'].dtype = 'U32'), 'm.json: tensor "layers.1.bias".dtype must be F32 or F64 (a network\'s weights are floats), got "U32".'],
      ['F16 tensor', (j) => (j.tensors['layers.1.bias'].dtype = 'F16'), 'm.json: tensors."layers.1.bias".dtype must be one of "F64", "U32", got "F16".'],
      ['dtype', (j) => (j.dtype = 'float16'), 'm.json: dtype must be one of "float32", "float64", got "float16".'],
      ['ragged', (j) => j.tensors['layers.0.weight'].data[1].pop(), 'm.json: tensors."layers.0.weight".data[1] must have 4 items, got 3.'],
      ['null weight', (j) => (j.tensors['layers.1.bias'].data[0] = null), 'm.json: tensors."layers.1.bias".data[0] must be a finite number, got null.'],
      ['missing tensor', (j) => delete j.tensors['layers.1.weight'], 'm.json: tensor "layers.1.weight" is missing; layers [3, 4, 2] need it with shape [4, 2].'],
      ['shape vs layers', (j) => (j.model.layers = [3, 5, 2]), 'm.json: tensor "layers.0.weight".shape must be [3, 5] for layers [3, 5, 2], got [3, 4].'],
      ['labels', (j) => (j.model.labels = ['yes']), 'm.json: model.labels must have 2 items, got 1.'],
      ['same label twice', (j) => (j.model.labels = ['yes', 'yes']), 'm.json: model.labels must name each output with a different class, got "yes" twice.'],
      ['same column twice', (j) => (j.model.inputNames = ['a', 'b', 'a']), 'm.json: model.inputNames must name each input column differently, got "a" twice.'],
      ['scale 0', (j) => (j.model.inputScaler.scale[2] = 0), 'm.json: model.inputScaler.scale[2] must not be 0 (inputs are divided by it), got 0.'],
      ['activation', (j) => (j.model.activations[0] = 'swish'), 'm.json: model.activations[0] must be one of "sigmoid", '],
      ['loss', (j) => delete j.model.loss, 'm.json: model.loss is missing.'],
      ['training', (j) => (j.training.epochs = -1), 'm.json: training.epochs must be a whole number from 0 to'],
      ['bad combination', (j) => (j.model.activations = ['softmax', 'softmax']), 'm.json: model does not describe a network bpnn can build: activation of layer 1 is softmax'],
      ['extra tensor', (j) => (j.tensors['layers.9.bias'] = { shape: [1], data: [0] }), 'm.json: tensor "layers.9.bias" is not part of a network with layers [3, 4, 2]'],
    ];
    for (const [, change, message] of cases) {
      const json = good();
      delete json.sha256; // so that each case reaches the check it is about
      change(json);
      const error = thrown(() => readModelJson(JSON.stringify(json), { source: 'm.json' }));
      expect(error).toBeInstanceOf(FormatError);
      expect((error as Error).message.startsWith(message), `${(error as Error).message}\n  should start with\n${message}`).toBe(true);
    }
    expect(() => readModelJson('{"format": "bpnn",', { source: 'm.json' })).toThrow(/^m\.json: file must be valid JSON, but /);
    expect(() => readModelJson(Uint8Array.of(0x7b, 0xff, 0x7d), { source: 'm.json' })).toThrow('m.json: file must be UTF-8 text, but is not.');
  });
});

describe('the JSON form’s numbers', () => {
  it('keep −0, the smallest subnormal and the largest double bit for bit', () => {
    const model = tinyRegressor('float64');
    const weights = model.network.parameters()[0].value;
    weights.set([-0, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308]);
    const back = readModelJson(writeModelJson(model));
    expect(bitsOf(back.network.params)).toEqual(bitsOf(model.network.params));
  });
});

describe('the training record', () => {
  it('keeps fields a later core may add, and checks the ones it knows', () => {
    const json = JSON.parse(writeModelJson(tinyClassifier('float64')));
    json.training.history = [{ epoch: 1, loss: 0.7 }];
    delete json.sha256;
    expect(readModelJson(JSON.stringify(json)).training).toEqual({ ...tinyClassifier('float64').training, history: [{ epoch: 1, loss: 0.7 }] });
    json.training.valLoss = 'low';
    expect(() => readModelJson(JSON.stringify(json), { source: 'm.json' })).toThrow('m.json: training.valLoss must be a finite number, got "low".');
  });
});
