import { FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/thrown.js';
import { tinyClassifier } from '../../test/tiny-models.js';
import { readModel, writeModel } from './bpnn-file.js';
import { FORMAT_VERSION, formatVersion, JsonFields, MIGRATIONS, upgrade, type VersionedContent } from '@bpnn/core';
import { encodeSafetensors, decodeSafetensors } from './safetensors.js';
import { SERIALIZE_VERSION } from './version.js';

const fields = new JsonFields('m.bpnn');
const content: VersionedContent = { model: { layers: [1, 1] }, training: null, tensors: [] };

/** A model file's bytes with some of its metadata replaced. */
function withMetadata(bytes: Uint8Array, changes: Record<string, string>): Uint8Array {
  const file = decodeSafetensors(bytes, 'test');
  return encodeSafetensors(file.tensors, { ...file.metadata!, ...changes });
}

describe('format_version', () => {
  it('is 2, with one migration: 1 → 2 (a checkpoint’s order as a tensor; format-1.test.ts reads files of 1)', () => {
    expect(FORMAT_VERSION).toBe(2);
    expect(MIGRATIONS.length).toBe(2);
    expect(MIGRATIONS[0]).toBeUndefined();
    // A file without a checkpoint is the same content in both versions.
    expect(MIGRATIONS[1]!(content, fields)).toEqual(content);
  });

  it('refuses a file from a newer bpnn, saying to upgrade', () => {
    const bytes = withMetadata(writeModel(tinyClassifier('float64')), { format_version: '3' });
    const error = thrown(() => readModel(bytes, { source: 'iris.bpnn' }));
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toBe(
      `iris.bpnn: format_version 3 was written by a newer bpnn; this one (@bpnn/serialize ${SERIALIZE_VERSION}) reads up to 2. Upgrade bpnn to read this file.`,
    );
  });

  it('refuses a newer file before reading its tensors, whose layout may be new to this reader', () => {
    const file = decodeSafetensors(writeModel(tinyClassifier('float32')), 'test');
    const header = new TextEncoder().encode(JSON.stringify({ __metadata__: { ...file.metadata!, format_version: '3' }, 'optimizer.m': { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }));
    const bytes = new Uint8Array(8 + header.length + 2);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    expect(() => readModel(bytes, { source: 'new.bpnn' })).toThrow(/^new\.bpnn: format_version 3 was written by a newer bpnn; .* Upgrade bpnn to read this file\.$/);
  });

  it('refuses version 0, which no released bpnn wrote, and versions that are not whole numbers', () => {
    const bytes = writeModel(tinyClassifier('float64'));
    expect(() => readModel(withMetadata(bytes, { format_version: '0' }), { source: 'm.bpnn' })).toThrow(
      'm.bpnn: format_version 0 cannot be read: no migration from format_version 0 to 1 exists. The file was not written by a released bpnn; save or train the model again.',
    );
    for (const bad of ['1.5', '-1', 'one', '', '1e3']) {
      expect(() => readModel(withMetadata(bytes, { format_version: bad }), { source: 'm.bpnn' })).toThrow(/^m\.bpnn: __metadata__\.format_version must be a whole number from 0 to/);
    }
  });

  it('runs each migration from the file’s version up to the current one, in order', () => {
    // A table for a future in which formats 2 and 3 exist: 1 → 2 renames a field, 2 → 3 adds one.
    const table = {
      current: 3,
      migrations: [
        undefined,
        (c: VersionedContent) => ({ ...c, model: { sizes: (c.model as { layers: number[] }).layers } }),
        (c: VersionedContent) => ({ ...c, model: { ...(c.model as object), added: 3 } }),
      ],
    };
    expect(upgrade(content, 1, fields, { table }).model).toEqual({ sizes: [1, 1], added: 3 });
    expect(upgrade(content, 2, fields, { table }).model).toEqual({ layers: [1, 1], added: 3 });
    expect(upgrade(content, 3, fields, { table })).toBe(content);
    expect(() => upgrade(content, 0, fields, { table })).toThrow(/no migration from format_version 0 to 1/);
    expect(() => upgrade(content, 4, fields, { table })).toThrow(/format_version 4 was written by a newer bpnn; .* reads up to 3/);
  });

  it('is read from metadata strings and JSON numbers alike', () => {
    expect(formatVersion('1', fields)).toBe(1);
    expect(formatVersion(2, fields)).toBe(2);
    expect(() => formatVersion(1.5, fields)).toThrow(FormatError);
    expect(() => formatVersion(null, fields)).toThrow('m.bpnn: format_version must be a whole number from 0 to 9007199254740991, got null.');
  });
});
