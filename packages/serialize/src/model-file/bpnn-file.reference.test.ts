/**
 * bpnn's .bpnn files against the reference safetensors implementation (Hugging Face's package,
 * version 0.8.0). The Python side ran once, offline, through
 * test/fixtures/safetensors/check_with_safetensors.py; its outputs are kept as fixtures:
 *   - tiny-*.bpnn, written by bpnn, and what safetensors read from each (tiny-*.bpnn.safetensors.json);
 *   - written-by-safetensors.bpnn, a model that safetensors wrote, and numpy's outputs for it.
 * Regenerate the bpnn-written files with BPNN_UPDATE_FIXTURES=1, then run the Python script (they
 * are kept in format_version 1, which bpnn still reads).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Model } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readBySpec } from '../../test/spec-reader.js';
import { bitsOf, sampleInputs, tinyClassifier, tinyRegressor } from '../../test/tiny-models.js';
import { readModel, writeModel } from './bpnn-file.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/safetensors/${name}`, import.meta.url));

const BPNN_WRITTEN: [string, () => Model][] = [
  ['tiny-classifier-f32.bpnn', () => tinyClassifier('float32')],
  ['tiny-regressor-f64.bpnn', () => tinyRegressor('float64')],
];

describe('the reference safetensors implementation', () => {
  for (const [name, make] of BPNN_WRITTEN) {
    it(`read ${name}, which bpnn still writes byte for byte (but for format_version 2, the same layout without a checkpoint), as bpnn meant it`, () => {
      const model = make();
      // The fixture is of format_version 1; a model without a checkpoint has the same layout in 2.
      const bytes = readFileSync(fixture(name));
      const asVersion1 = Buffer.from(writeModel(model).slice());
      const at = asVersion1.indexOf('"format_version":"2"');
      asVersion1.write('1', at + '"format_version":"'.length);
      if (process.env.BPNN_UPDATE_FIXTURES) writeFileSync(fixture(name), asVersion1);
      expect(asVersion1.equals(bytes)).toBe(true);
      const rows = sampleInputs(5, model.inputNames.length);
      expect(bitsOf(readModel(bytes).outputs(rows).data)).toEqual(bitsOf(model.outputs(rows).data));

      const seen = JSON.parse(readFileSync(fixture(`${name}.safetensors.json`), 'utf8'));
      expect(seen.reader).toBe('safetensors 0.8.0');
      const numpyDtype = model.network.dtype;
      for (const p of model.network.parameters()) {
        expect(seen.tensors[p.name]).toEqual({ dtype: numpyDtype, shape: p.shape, values: Array.from(p.value) });
      }
      expect(Object.keys(seen.tensors).sort()).toEqual(model.network.parameters().map((p) => p.name).sort());
      expect(seen.metadata).toEqual(readBySpec(bytes).metadata);
      expect(JSON.parse(seen.metadata.model).layers).toEqual(model.network.layers);
    });
  }

  it('wrote written-by-safetensors.bpnn, which bpnn reads and predicts from as numpy does', () => {
    const model = readModel(readFileSync(fixture('written-by-safetensors.bpnn')), { source: 'written-by-safetensors.bpnn' });
    const expected = JSON.parse(readFileSync(fixture('written-by-safetensors.expected.json'), 'utf8')) as { inputs: number[][]; outputs: number[][] };
    expect(model.task).toBe('regression');
    expect(model.network.dtype).toBe('float64');
    const outputs = model.outputs(expected.inputs).toRows();
    outputs.forEach((row, r) => row.forEach((y, c) => expect(y).toBeCloseTo(expected.outputs[r][c], 12)));
    // Written again by bpnn, the same model reads back with bit-identical outputs.
    expect(bitsOf(readModel(writeModel(model)).outputs(expected.inputs).data)).toEqual(bitsOf(model.outputs(expected.inputs).data));
  });
});
