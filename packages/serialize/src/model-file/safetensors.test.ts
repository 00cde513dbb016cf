import { describe, expect, it } from 'vitest';
import { expectFileFormatError } from '../../test/hostile.js';
import { readBySpec } from '../../test/spec-reader.js';
import { decodeSafetensors, encodeSafetensors, MAX_HEADER_LENGTH, type Tensor } from './safetensors.js';

const tensors: Tensor[] = [
  { name: 'a', dtype: 'F64', shape: [2], data: Float64Array.of(1.5, -0.25) },
  { name: 'b', dtype: 'F32', shape: [1, 3], data: Float32Array.of(0.1, 2, 3) },
];

/** A safetensors file from a header object and a buffer, with the header unpadded. */
function file(header: unknown, buffer: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([length, json, buffer]));
}

describe('the safetensors container', () => {
  it('encodes tensors as the spec reader decodes them, with the buffer 8-aligned', () => {
    const bytes = encodeSafetensors(tensors, { note: 'ü' });
    const spec = readBySpec(bytes);
    expect(spec.bufferStart % 8).toBe(0);
    expect(spec.metadata).toEqual({ note: 'ü' });
    expect(spec.tensors.a).toEqual({ dtype: 'F64', shape: [2], offsets: [0, 16], values: [1.5, -0.25] });
    expect(spec.tensors.b).toEqual({ dtype: 'F32', shape: [1, 3], offsets: [16, 28], values: Array.from(Float32Array.of(0.1, 2, 3)) });
  });

  it('decodes what it encodes, and a hand-made file in any tensor order with no padding', () => {
    const back = decodeSafetensors(encodeSafetensors(tensors, {}), 't');
    expect(back.tensors).toEqual(tensors);
    // b's 4 bytes first in the buffer, then a's: header order and buffer order need not agree.
    const buffer = new Uint8Array(12);
    new DataView(buffer.buffer).setFloat32(0, 7, true);
    new DataView(buffer.buffer).setFloat64(4, -3, true);
    const decoded = decodeSafetensors(file({ a: { dtype: 'F64', shape: [], data_offsets: [4, 12] }, b: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, buffer), 't');
    expect(decoded.metadata).toBeUndefined();
    expect(decoded.tensors.map((t) => [t.name, Array.from(t.data)])).toEqual([['a', [-3]], ['b', [7]]]);
  });

  it('reads from a Node Buffer that is a view into a larger pool', () => {
    const bytes = encodeSafetensors(tensors, {});
    const pool = Buffer.alloc(bytes.length + 13);
    pool.set(bytes, 13);
    expect(decodeSafetensors(pool.subarray(13), 't').tensors).toEqual(tensors);
  });

  it('names the tensor and the constraint for each way an entry can be wrong', () => {
    const four = new Uint8Array(4);
    const cases: [unknown, Uint8Array, string][] = [
      [{ w: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, four, 't: tensor "w".dtype must be F32 or F64 (bpnn keeps float32 or float64 weights), or U32 (a checkpoint\'s row order), got "F16".'],
      [{ w: { dtype: 'Q4', shape: [1], data_offsets: [0, 4] } }, four, 't: tensor "w".dtype must be a safetensors dtype (F32, F64, F16, …), got "Q4".'],
      [{ w: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(8), 't: tensor "w".data_offsets must span 8 bytes (2 F32 values for shape [2]), got [0, 4], 4 bytes.'],
      [{ w: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 4] } }, four, 't: tensor "w".shape [1099511627776, 1099511627776] needs more bytes than the whole byte buffer (4).'],
      [{ w: { dtype: 'F32', shape: [1], data_offsets: [0, 8] } }, four, 't: tensor "w".data_offsets must satisfy 0 ≤ begin ≤ end ≤ 4 (the byte buffer\'s length), got [0, 8].'],
      [{ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, v: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, four, 't: tensor "v".data_offsets [0, 4] overlaps tensor "w", which ends at 4.'],
      [{ w: { dtype: 'F32', shape: [], data_offsets: [4, 8] } }, new Uint8Array(8), 't: tensor "w".data_offsets [4, 8] leaves a gap: the previous tensor ends at 0.'],
      [{ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8), 't: byte buffer must be exactly covered by the tensors (4 bytes), got 8 bytes.'],
      [{ w: { dtype: 'F32', shape: [1] } }, four, 't: tensor "w".data_offsets is missing.'],
      [{ w: { dtype: 'F32', shape: '1', data_offsets: [0, 4] } }, four, 't: tensor "w".shape must be an array, got "1".'],
      [{ __metadata__: { n: 1 } }, new Uint8Array(0), 't: __metadata__.n must be a string, got 1.'],
      [[1, 2], new Uint8Array(0), 't: header must start with "{", got "[1,2]".'],
    ];
    for (const [header, buffer, message] of cases) {
      const error = expectFileFormatError(() => decodeSafetensors(file(header, buffer), 't'), 't');
      expect(error.message.startsWith(message), `${error.message}\n  should start with\n${message}`).toBe(true);
    }
  });

  it('checks the header length against the file and the 100 MB limit before reading anything', () => {
    const bytes = encodeSafetensors(tensors, {});
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, 2n ** 60n, true);
    expect(() => decodeSafetensors(bytes, 't')).toThrow(`t: header length must be at most ${MAX_HEADER_LENGTH} bytes, got 1152921504606846976: this is not a safetensors file.`);
    view.setBigUint64(0, BigInt(bytes.length), true);
    expect(() => decodeSafetensors(bytes, 't')).toThrow(`t: header length is ${bytes.length} bytes, but only ${bytes.length - 8} follow it: the file is truncated.`);
    expect(() => decodeSafetensors(Uint8Array.of(1, 2, 3), 't')).toThrow('t: file must be at least 8 bytes (the header length), got 3 bytes: it is truncated or empty.');
  });
});
