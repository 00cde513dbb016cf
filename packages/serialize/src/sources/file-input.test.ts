import { readFileSync } from 'node:fs';
import { BpnnError, DataError, FileFormatError, FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { tinyClassifier } from '../../test/tiny-models.js';
import { thrown } from '../../test/thrown.js';
import { importBrainJs } from '../brainjs.js';
import { readCsvDataset } from '../csv/csv.js';
import { importFannNet } from '../fann/fann-model.js';
import { parseFannNet } from '../fann/fann-net.js';
import { readFannData } from '../fann/fann-data.js';
import { readModel, readNetwork, writeModel } from '../model-file/bpnn-file.js';
import { readModelJson, writeModelJson } from '../model-file/model-json.js';
import { decodeSafetensors } from '../model-file/safetensors.js';
import { decodeOnnxModel } from '../onnx/onnx-proto.js';
import { isDetached } from './file-input.js';

/** A Uint8Array whose buffer was transferred, as postMessage(bytes, [bytes.buffer]) leaves it. */
function detached(bytes: Uint8Array): Uint8Array {
  structuredClone(bytes.buffer, { transfer: [bytes.buffer as ArrayBuffer] });
  return bytes;
}

const file = writeModel(tinyClassifier('float64'));
const advice = "Pass the file's bytes as a Uint8Array (Node's readFile gives one).";

describe('a whole file given as something other than text or a Uint8Array', () => {
  it('readModel and readNetwork name what they got, with how to pass an ArrayBuffer or a view (they threw a TypeError from inside)', () => {
    const cases: [unknown, string][] = [
      [null, 'null'],
      [undefined, 'nothing'],
      [file.buffer.slice(0), `an ArrayBuffer of ${file.length} bytes: wrap it as new Uint8Array(buffer)`],
      [new DataView(file.buffer), 'a DataView: if it holds the file, pass new Uint8Array(view.buffer, view.byteOffset, view.byteLength)'],
      [detached(file.slice()), 'a Uint8Array whose ArrayBuffer was transferred (detached): it holds no bytes now'],
    ];
    for (const [input, what] of cases) {
      for (const read of [readModel, readNetwork]) {
        const error = thrown(() => read(input as never, { source: 'm.bpnn' }));
        expect(error).toBeInstanceOf(FileFormatError);
        expect((error as Error).message).toBe(`m.bpnn: file must be bytes (a Uint8Array), got ${what}. ${advice}`);
      }
    }
    // and what the message says to do reads the file
    expect(readModel(new Uint8Array(file.buffer.slice(0)), { source: 'm.bpnn' }).outputs([[170, 0, -3]]).toRows()).toEqual(tinyClassifier('float64').outputs([[170, 0, -3]]).toRows());
    expect(() => decodeSafetensors(new DataView(file.buffer) as never, 'm.bpnn')).toThrow(FileFormatError);
  });

  it('readModelJson takes text or bytes and says so for a buffer or a detached array', () => {
    const json = new TextEncoder().encode(writeModelJson(tinyClassifier('float64')));
    expect(() => readModelJson(json.buffer as never, { source: 'm.json' })).toThrow(
      new FileFormatError('m.json', 'file', `must be text or bytes (a string or a Uint8Array), got an ArrayBuffer of ${json.length} bytes: wrap it as new Uint8Array(buffer)`, "Pass the file's text, or its bytes as a Uint8Array (Node's readFile gives one)."),
    );
    expect(thrown(() => readModelJson(detached(json), { source: 'm.json' }))).toBeInstanceOf(FileFormatError);
  });

  it('the importers and decodeOnnxModel refuse the same inputs with their own errors', () => {
    const net = readFileSync(new URL('../../test/fixtures/fann/xor_float.net', import.meta.url));
    expect(() => importFannNet(new Uint8Array(net).buffer as never, { source: 'xor.net' })).toThrow(
      new DataError('xor.net: the FANN .net file must be text or bytes (a string or a Uint8Array), got an ArrayBuffer of ' + net.length + ' bytes: wrap it as new Uint8Array(buffer)'),
    );
    expect(() => importFannNet(detached(new Uint8Array(net)), { source: 'xor.net' })).toThrow(DataError);
    expect(() => parseFannNet(null as never, 'xor.net')).toThrow(new DataError('xor.net: the FANN .net file must be text (a string), got null'));
    // an ArrayBuffer is an object, but not a parsed brain.js JSON ("has sizes and layers arrays")
    expect(() => importBrainJs(new ArrayBuffer(8), { source: 'b.json' })).toThrow(
      new FormatError('b.json: the brain.js JSON must be text or bytes (a string or a Uint8Array), got an ArrayBuffer of 8 bytes: wrap it as new Uint8Array(buffer)'),
    );
    expect(() => importBrainJs(detached(new Uint8Array(8)), { source: 'b.json' })).toThrow(FormatError);
    expect(() => decodeOnnxModel(detached(new Uint8Array(8)))).toThrow(
      new DataError('the .onnx file must be bytes (a Uint8Array), got a Uint8Array whose ArrayBuffer was transferred (detached): it holds no bytes now'),
    );
  });

  it('the data readers name an ArrayBuffer or a typed array other than Uint8Array (they said "stream.getReader is not a function", or chunk 0 was 0)', async () => {
    await expect(readCsvDataset(new ArrayBuffer(4) as never, { target: 'y' })).rejects.toThrow(
      new DataError('the input must be a string, bytes, or chunks of them (an iterable, an async iterable or a ReadableStream), got an ArrayBuffer of 4 bytes: wrap it as new Uint8Array(buffer)'),
    );
    await expect(readFannData(new Float32Array(2) as never)).rejects.toThrow(
      new DataError('the input must be a string, bytes, or chunks of them (an iterable, an async iterable or a ReadableStream), got a Float32Array: if it holds the file, pass new Uint8Array(view.buffer, view.byteOffset, view.byteLength)'),
    );
    await expect(readCsvDataset(detached(new TextEncoder().encode('a,y\n1,2\n')), { target: 'y', source: 'd.csv' })).rejects.toThrow(
      new DataError('d.csv must be text or bytes (a string or a Uint8Array), got a Uint8Array whose ArrayBuffer was transferred (detached): it holds no bytes now'),
    );
    const error = await readCsvDataset({} as never, { target: 'y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BpnnError);
  });

  it('isDetached tells a transferred array from an empty one', () => {
    expect(isDetached(new Uint8Array(0))).toBe(false);
    expect(isDetached(new Uint8Array(new ArrayBuffer(8), 8))).toBe(false);
    expect(isDetached(detached(new Uint8Array(4)))).toBe(true);
    expect(isDetached(new Uint8Array(3))).toBe(false);
  });
});
