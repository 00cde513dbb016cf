/**
 * Reading never trusts the file: property-based tests (fast-check) over hostile bytes. Whatever
 * the bytes, readModel returns a Model or throws a FileFormatError (a core FormatError) that names
 * the file and the field and ends with advice; never another error, never a hang, and never an
 * allocation sized by what the file claims rather than by what it holds.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryModel, expectFileFormatError, metadataOf, readsOrExplains, rewriteHeader, withHeaderText } from '../../test/hostile.js';
import { readModel, writeModel } from './bpnn-file.js';

const SOURCE = 'hostile.bpnn';
const read = (bytes: Uint8Array) => () => readModel(bytes, { source: SOURCE });
const headerLength = (bytes: Uint8Array) => Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
const RUNS = { numRuns: 150 };

describe('readModel on hostile bytes', () => {
  it('refuses every truncation', () => {
    fc.assert(
      fc.property(arbitraryModel, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (model, cut) => {
        const bytes = writeModel(model);
        expectFileFormatError(read(bytes.slice(0, Math.floor(cut * bytes.length))), SOURCE);
      }),
      RUNS,
    );
  });

  it('survives corrupted bytes anywhere, and refuses any change to the weights', () => {
    fc.assert(
      fc.property(arbitraryModel, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (model, changes) => {
        const bytes = writeModel(model);
        const start = 8 + headerLength(bytes);
        let inWeights = true;
        for (const [at, flip] of changes) {
          const i = at % bytes.length;
          bytes[i] ^= flip;
          if (i < start) inWeights = false;
        }
        if (inWeights) expectFileFormatError(read(bytes), SOURCE, '__metadata__.sha256');
        else readsOrExplains(read(bytes), SOURCE);
      }),
      RUNS,
    );
  });

  it('refuses any wrong header length, up to 2^64 − 1, at once and without allocating it', () => {
    const lengths = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(2n ** 60n, 2n ** 64n - 1n, 100_000_001n), fc.bigInt({ min: 0n, max: 4096n }));
    fc.assert(
      fc.property(arbitraryModel, lengths, (model, n) => {
        const bytes = writeModel(model);
        if (n === BigInt(headerLength(bytes))) return;
        new DataView(bytes.buffer).setBigUint64(0, n, true);
        expectFileFormatError(read(bytes), SOURCE);
      }),
      RUNS,
    );
  });

  it('refuses random bytes, and random text where the header should be', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void expectFileFormatError(read(bytes), SOURCE)), RUNS);
    fc.assert(
      fc.property(arbitraryModel, fc.string({ unit: 'binary', maxLength: 200 }), (model, text) => {
        expectFileFormatError(read(withHeaderText(writeModel(model), text)), SOURCE);
      }),
      RUNS,
    );
  });

  it('refuses data_offsets that overlap, leave gaps or leave the buffer, naming the tensor', () => {
    const offset = fc.oneof(fc.integer({ min: -8, max: 600 }), fc.constantFrom(2 ** 53, 2 ** 64, 1.5, -0.5), fc.anything());
    fc.assert(
      fc.property(arbitraryModel, fc.nat(), offset, offset, (model, pick, begin, end) => {
        const names = model.network.parameters().map((p) => p.name);
        const name = names[pick % names.length];
        let before: unknown;
        const bytes = rewriteHeader(writeModel(model), (h) => {
          before = h[name].data_offsets;
          h[name].data_offsets = [begin, end];
        });
        if (JSON.stringify(before) === JSON.stringify([begin, end])) return;
        expectFileFormatError(read(bytes), SOURCE, new RegExp(`^(tensor "${name}"|byte buffer)`));
      }),
      RUNS,
    );
  });

  it('refuses shapes that contradict the offsets or the architecture, and unknown dtypes', () => {
    const dimension = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(2 ** 40, 2 ** 53, -1, 0.5));
    fc.assert(
      fc.property(arbitraryModel, fc.nat(), fc.array(dimension, { maxLength: 3 }), (model, pick, shape) => {
        const parameter = model.network.parameters()[pick % model.network.parameters().length];
        if (JSON.stringify(shape) === JSON.stringify(parameter.shape)) return;
        const bytes = rewriteHeader(writeModel(model), (h) => (h[parameter.name].shape = shape));
        expectFileFormatError(read(bytes), SOURCE, new RegExp(`^tensor "${parameter.name}"`));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(arbitraryModel, fc.oneof(fc.constantFrom('F16', 'BF16', 'I64', 'U8', 'BOOL', 'f32', ''), fc.string(), fc.anything()), (model, dtype) => {
        const mine = model.network.dtype === 'float32' ? 'F32' : 'F64';
        if (dtype === mine) return;
        const bytes = rewriteHeader(writeModel(model), (h) => (h['layers.0.bias'].dtype = dtype));
        expectFileFormatError(read(bytes), SOURCE, /^tensor "layers\.0\.bias"/);
      }),
      RUNS,
    );
  });

  it('refuses missing or mistyped metadata, naming the key', () => {
    const keys = fc.constantFrom('format', 'format_version', 'sha256', 'model', 'training');
    fc.assert(
      fc.property(arbitraryModel, keys, (model, key) => {
        const bytes = rewriteHeader(writeModel(model), (h) => delete metadataOf(h)[key]);
        expectFileFormatError(read(bytes), SOURCE, `__metadata__.${key}`);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(arbitraryModel, keys, fc.anything().filter((v) => typeof v !== 'string'), (model, key, value) => {
        const bytes = rewriteHeader(writeModel(model), (h) => ((metadataOf(h) as Record<string, unknown>)[key] = value));
        expectFileFormatError(read(bytes), SOURCE, `__metadata__.${key}`);
      }),
      RUNS,
    );
  });

  it('reads or explains any change to the model document or training record', () => {
    const keys = fc.constantFrom('layers', 'activations', 'loss', 'task', 'inputNames', 'targetNames', 'inputScaler', 'labels', 'targetScaler');
    fc.assert(
      fc.property(arbitraryModel, keys, fc.jsonValue(), fc.boolean(), (model, key, value, remove) => {
        const bytes = rewriteHeader(writeModel(model), (h) => {
          const doc = JSON.parse(metadataOf(h).model);
          if (remove) delete doc[key];
          else doc[key] = value;
          metadataOf(h).model = JSON.stringify(doc);
        });
        const outcome = readsOrExplains(read(bytes), SOURCE);
        if (outcome instanceof Error) expect(outcome.field).toMatch(/^(model|tensor )/);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(arbitraryModel, fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), (model, training) => {
        const bytes = rewriteHeader(writeModel(model), (h) => (metadataOf(h).training = training));
        const outcome = readsOrExplains(read(bytes), SOURCE);
        if (outcome instanceof Error) expect(outcome.field).toMatch(/^(__metadata__\.)?training/);
      }),
      RUNS,
    );
  });

  it('refuses NaN and ±Infinity weights even under a matching checksum, naming the tensor and index', () => {
    fc.assert(
      fc.property(arbitraryModel, fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity), (model, pick, bad) => {
        const bytes = writeModel(model);
        const start = 8 + headerLength(bytes);
        const size = model.network.dtype === 'float32' ? 4 : 8;
        const index = pick % model.network.parameterCount;
        const view = new DataView(bytes.buffer, start);
        if (size === 4) view.setFloat32(index * 4, bad, true);
        else view.setFloat64(index * 8, bad, true);
        const sha256 = createHash('sha256').update(bytes.subarray(start)).digest('hex');
        const fixed = rewriteHeader(bytes, (h) => (metadataOf(h).sha256 = sha256));
        const error = expectFileFormatError(read(fixed), SOURCE, /^tensor "layers\.\d+\.(weight|bias)"\[\d+\]/);
        expect(error.problem).toBe(`must be a finite number, got ${bad}`);
      }),
      RUNS,
    );
  });
});
