import { readFileSync } from 'node:fs';
import { FileFormatError, FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { importBrainJs } from './brainjs.js';
import { importFannNet } from './fann/fann-model.js';
import { fileKind, type FileKind } from './file-kind.js';
import { readModel } from './model-file/bpnn-file.js';
import { readModelJson } from './model-file/model-json.js';
import { exportOnnx } from './onnx/onnx.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url)));

/** One real file of each kind: written by bpnn 1 (format-1), FANN 2.2, brain.js, and exportOnnx. */
const files: Record<FileKind, Uint8Array> = {
  bpnn: fixture('format-1/iris-sgd-f64.bpnn'),
  'bpnn-json': fixture('format-1/iris-sgd-f64.json'),
  'fann-net': fixture('fann/xor_float.net'),
  'fann-data': fixture('fann/xor.data'),
  brainjs: fixture('brainjs/v2_tanh.json'),
  onnx: exportOnnx(readModel(fixture('format-1/iris-sgd-f64.bpnn'))),
};

const readers: [string, FileKind, (bytes: Uint8Array) => unknown, string][] = [
  ['readModel', 'bpnn', (bytes) => readModel(bytes, { source: 'in' }), 'in: file is %s, not a .bpnn model file. '],
  ['readModelJson', 'bpnn-json', (bytes) => readModelJson(bytes, { source: 'in' }), 'in: file is %s, not the JSON form of a bpnn model. '],
  ['importFannNet', 'fann-net', (bytes) => importFannNet(bytes, { source: 'in' }), 'in: is %s, not a FANN network (.net). '],
  ['importBrainJs', 'brainjs', (bytes) => importBrainJs(bytes, { source: 'in' }), 'in: is %s, not a brain.js network. '],
];

const what: Record<FileKind, string> = {
  bpnn: 'a bpnn model file (.bpnn)',
  'bpnn-json': 'the JSON form of a bpnn model',
  'fann-net': 'a FANN network (.net)',
  'fann-data': 'a FANN training data file (.data)',
  brainjs: 'a brain.js network (NeuralNetwork#toJSON())',
  onnx: 'an ONNX model',
};

describe('a file handed to the wrong reader', () => {
  it('is recognised by its first bytes, as bytes and (but for the binary kinds) as text', () => {
    for (const [kind, bytes] of Object.entries(files)) {
      expect(fileKind(bytes)).toBe(kind);
      if (kind !== 'bpnn' && kind !== 'onnx') expect(fileKind(`\uFEFF${new TextDecoder().decode(bytes)}`)).toBe(kind);
    }
    expect(fileKind(new TextEncoder().encode('x,y\n1,2\n'))).toBeUndefined();
    // a .bpnn file whose header is 0x1a0308 bytes long begins as an ONNX file does (08 03 1a): it is still a .bpnn file
    const long = files.bpnn.slice();
    long.set([0x08, 0x03, 0x1a, 0, 0, 0, 0, 0]);
    expect(fileKind(long)).toBe('bpnn');
  });

  it.each(readers)('%s names what each other kind of file is and how to read it, and reads its own', (_, own, read, message) => {
    expect(() => read(files[own])).not.toThrow();
    for (const [kind, bytes] of Object.entries(files) as [FileKind, Uint8Array][]) {
      if (kind === own) continue;
      expect(() => read(bytes), kind).toThrow(FormatError);
      expect(() => read(bytes), kind).toThrow(message.replace('%s', what[kind]));
    }
    if (own === 'bpnn' || own === 'bpnn-json') expect(() => read(files['fann-net'])).toThrow(FileFormatError);
    if (own === 'bpnn') expect(() => read(files['fann-net'])).toThrow('Import it first: importFannNet, or bpnn import FILE -o MODEL.bpnn.');
  });
});
