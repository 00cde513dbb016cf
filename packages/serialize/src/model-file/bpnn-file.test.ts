import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FormatError, Matrix, Model, Network, type DType } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { bitsOf, sampleInputs, tinyClassifier, tinyRegressor } from '../../test/tiny-models.js';
import { readBySpec } from '../../test/spec-reader.js';
import { thrown } from '../../test/thrown.js';
import { readCsvDataset } from '../csv/csv.js';
import { readModel, readNetwork, writeModel, writeNetwork } from './bpnn-file.js';
import { FileFormatError } from '@bpnn/core';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

const DTYPES: DType[] = ['float32', 'float64'];

describe('writeModel and readModel', () => {
  for (const dtype of DTYPES) {
    for (const make of [tinyClassifier, tinyRegressor]) {
      it(`round-trips a ${make.name} in ${dtype}: same parts, bit-identical predictions, same bytes again`, () => {
        const model = make(dtype);
        const bytes = writeModel(model);
        const back = readModel(bytes, { source: 'tiny.bpnn' });
        expect(back.network.config()).toEqual(model.network.config());
        expect({ ...back, network: undefined }).toEqual({ ...model, network: undefined });
        expect(bitsOf(back.network.params)).toEqual(bitsOf(model.network.params));
        const x = sampleInputs(50, model.inputNames.length);
        expect(bitsOf(back.outputs(x).data)).toEqual(bitsOf(model.outputs(x).data));
        expect(Buffer.from(writeModel(back))).toEqual(Buffer.from(bytes));
      });
    }

    it(`keeps a model trained on iris exact in ${dtype}`, async () => {
      const data = await readCsvDataset(readFileSync(fileURLToPath(new URL('../../../../data/iris.csv', import.meta.url))), { target: 'species' });
      const { model } = Model.train(data, { hidden: [8], epochs: 5, dtype, seed: 3 });
      const back = readModel(writeModel(model));
      const x = Matrix.from(data.inputs);
      expect(bitsOf(back.outputs(x).data)).toEqual(bitsOf(model.outputs(x).data));
      expect((back.predict(x) as { labels: string[] }).labels).toEqual((model.predict(x) as { labels: string[] }).labels);
      expect(back.training).toEqual(model.training);
    });
  }

  it('writes what the safetensors spec says, as an independent reader sees it', () => {
    const model = tinyClassifier('float32');
    const bytes = writeModel(model);
    const file = readBySpec(bytes);
    expect(file.headerSize % 8).toBe(0); // the byte buffer starts 8-aligned
    expect(file.headerText.trimEnd().length).toBeGreaterThan(file.headerSize - 8); // padding: fewer than 8 spaces
    expect(file.headerText).toMatch(/^\{"__metadata__":\{"format":"bpnn","format_version":"2","created_by":"@bpnn\/serialize /);
    const parameters = model.network.parameters();
    expect(Object.keys(file.tensors)).toEqual(parameters.map((p) => p.name));
    let offset = 0;
    for (const p of parameters) {
      const tensor = file.tensors[p.name];
      expect(tensor.dtype).toBe('F32');
      expect(tensor.shape).toEqual(p.shape);
      expect(tensor.offsets).toEqual([offset, offset + p.value.length * 4]); // contiguous, in order
      expect(tensor.values).toEqual(Array.from(p.value));
      offset += p.value.length * 4;
    }
    expect(bytes.length).toBe(file.bufferStart + offset); // nothing after the last tensor
    const metadata = file.metadata!;
    expect(metadata.sha256).toBe(createHash('sha256').update(bytes.subarray(file.bufferStart)).digest('hex'));
    expect(JSON.parse(metadata.model)).toEqual({
      layers: [3, 4, 2],
      activations: ['tanh', 'softmax'],
      loss: 'categorical-cross-entropy',
      task: 'classification',
      inputNames: ['height (cm)', 'say "hi", twice', 'größe'],
      targetNames: ['answer'],
      inputScaler: { kind: 'standard', offset: [170.5, 0.25, -3], scale: [9.75, 1, 0.125] },
      labels: ['no', 'yes'],
    });
    expect(JSON.parse(metadata.training)).toEqual(model.training);
  });

  it('lays out a 1-1 network byte by byte as worked out by hand', () => {
    const network = Network.fromParameters({ layers: [1, 1], activations: ['linear'], loss: 'mse', dtype: 'float32' }, [0.5, -2]);
    const bytes = writeNetwork(network);
    const n = bytes.length - 8 - 8; // two float32 values after the header
    expect(Array.from(bytes.subarray(0, 8))).toEqual([n & 0xff, n >> 8, 0, 0, 0, 0, 0, 0]);
    // 0.5 = 0x3F000000 and −2 = 0xC0000000, little-endian.
    expect(Array.from(bytes.subarray(bytes.length - 8))).toEqual([0, 0, 0, 0x3f, 0, 0, 0, 0xc0]);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
    expect(header['layers.0.weight']).toEqual({ dtype: 'F32', shape: [1, 1], data_offsets: [0, 4] });
    expect(header['layers.0.bias']).toEqual({ dtype: 'F32', shape: [1], data_offsets: [4, 8] });
    expect(JSON.parse(header.__metadata__.model)).toEqual({ layers: [1, 1], activations: ['linear'], loss: 'mse' });
    expect(header.__metadata__.training).toBe('null');
    expect(Array.from(readNetwork(bytes).predictOne([4]))).toEqual([0]); // 4·0.5 − 2
  });

  it('reads the network of a model file, and refuses a bare network as a model', () => {
    const model = tinyRegressor('float64');
    expect(bitsOf(readNetwork(writeModel(model)).params)).toEqual(bitsOf(model.network.params));
    const bare = writeNetwork(model.network);
    const error = thrown(() => readModel(bare, { source: 'net.bpnn' }));
    expect(error).toBeInstanceOf(FormatError);
    expect(error).toMatchObject({
      source: 'net.bpnn',
      field: 'model.task',
      message: 'net.bpnn: model.task is missing: the file holds a bare network, without input columns or labels. Read it with readNetwork, or save a Model instead of a Network.',
    });
  });

  it('refuses a safetensors file from another tool, saying so', () => {
    const other = encodeSafetensors([{ name: 'w', dtype: 'F32', shape: [1], data: Float32Array.of(1) }], { format: 'pt' });
    expect(() => readModel(other, { source: 'model.safetensors' })).toThrow(
      'model.safetensors: __metadata__.format must be "bpnn", got "pt": this safetensors file was not written by bpnn. Open a .bpnn file written by bpnn.',
    );
    const bare = encodeSafetensors([{ name: 'w', dtype: 'F32', shape: [1], data: Float32Array.of(1) }], {});
    expect(() => readModel(bare, { source: 'x.safetensors' })).toThrow(FileFormatError);
  });

  it('refuses weights changed after writing, by their checksum', () => {
    const bytes = writeModel(tinyClassifier('float64'));
    bytes[bytes.length - 3] ^= 0x10;
    expect(() => readModel(bytes, { source: 'iris.bpnn' })).toThrow(/^iris\.bpnn: __metadata__\.sha256 is "[0-9a-f]{64}", but the tensor bytes hash to "[0-9a-f]{64}": the weights were changed or damaged/);
  });
});

describe('readModel allocates by what the file holds, not by what it claims', () => {
  it('refuses layer sizes of 2^31 − 1 with small tensors before building anything', () => {
    const bytes = writeModel(tinyRegressor('float64'));
    const file = decodeSafetensors(bytes, 't');
    const doc = JSON.parse(file.metadata!.model);
    doc.layers = [2 ** 31 - 1, 2 ** 31 - 1, 2];
    doc.inputNames = ['a', 'b'];
    const hostile = encodeSafetensors(file.tensors, { ...file.metadata!, model: JSON.stringify(doc) });
    const before = process.memoryUsage().arrayBuffers;
    expect(() => readModel(hostile, { source: 'big.bpnn' })).toThrow(/^big\.bpnn: model\.inputNames must have 2147483647 items, got 2\./);
    doc.inputNames = undefined;
    delete doc.task; // as a bare network, the tensors are what contradict the claim
    const bare = encodeSafetensors(file.tensors, { ...file.metadata!, model: JSON.stringify(doc) });
    expect(() => readNetwork(bare, { source: 'big.bpnn' })).toThrow(
      'big.bpnn: tensor "layers.0.weight".shape must be [2147483647, 2147483647] for layers [2147483647, 2147483647, 2], got [2, 3].',
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });
});
