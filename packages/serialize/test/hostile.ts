/**
 * Tools to make hostile model files for the property tests: random valid models, and a way to
 * rewrite a file's header as if by hand.
 */
import { Model, Network, type DType } from '@bpnn/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { FileFormatError } from '@bpnn/core';
import { thrown } from './thrown.js';

/** Small regression models of 2 to 4 layers, float32 or float64, with random weights and scaling. */
export const arbitraryModel: fc.Arbitrary<Model> = fc
  .record({
    layers: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
    dtype: fc.constantFrom<DType>('float32', 'float64'),
    seed: fc.integer(),
    offset: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    scale: fc.double({ min: 0.01, max: 1e3, noNaN: true }),
  })
  .map(({ layers, dtype, seed, offset, scale }) => {
    const network = new Network({ layers, activation: 'sigmoid', outputActivation: 'linear', loss: 'mse', dtype, seed });
    const width = (n: number) => Array.from({ length: n }, (_, i) => offset + i);
    return new Model({
      task: 'regression',
      network,
      inputNames: width(layers[0]).map((_, i) => `x${i}`),
      targetNames: width(layers[layers.length - 1]).map((_, i) => `y${i}`),
      inputScaler: { kind: 'standard', offset: width(layers[0]), scale: width(layers[0]).map(() => scale) },
      targetScaler: { kind: 'minmax', offset: width(layers[layers.length - 1]), scale: width(layers[layers.length - 1]).map(() => scale) },
    });
  });

/** A file with its header JSON replaced by what `change` makes of it (padded, length fixed). */
export function rewriteHeader(bytes: Uint8Array, change: (header: Record<string, any>) => void): Uint8Array {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
  change(header);
  return withHeaderText(bytes, JSON.stringify(header));
}

/** A file with the given header text (padded to 8 bytes) and the original byte buffer. */
export function withHeaderText(bytes: Uint8Array, text: string): Uint8Array {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  let json = Buffer.from(text, 'utf8');
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([length, json, bytes.subarray(8 + n)]));
}

/** The metadata of a file, parsed, to change with rewriteHeader. */
export function metadataOf(header: Record<string, any>): Record<string, string> {
  return header.__metadata__;
}

/**
 * Runs `read` and checks the one outcome allowed for a bad file: a FileFormatError (a core
 * FormatError) that names the file first, says which field, and ends with advice.
 * Returns the error for further checks.
 */
export function expectFileFormatError(read: () => unknown, source: string, field?: string | RegExp): FileFormatError {
  const error = thrown(read);
  if (!(error instanceof FileFormatError)) throw error; // shows the stray error and its stack
  expect(error.message.startsWith(`${source}: ${error.field} `)).toBe(true);
  expect(error.message).toMatch(/\. [A-Z].*\.$/); // …problem. Advice.
  if (field !== undefined) expect(error.field).toMatch(field);
  return error;
}

/** Either a value or a FileFormatError as above: for changes that may leave a file valid. */
export function readsOrExplains<T>(read: () => T, source: string): T | FileFormatError {
  try {
    return read();
  } catch {
    return expectFileFormatError(read, source);
  }
}
