/**
 * exportOnnx with categories: 'strings': onnxruntime, given the numeric columns and each column of
 * categories as strings, computes what the model computes from the same records (its categories
 * by name, a missing value filled with the training means), in FLOAT and DOUBLE.
 */
import { readFileSync } from 'node:fs';
import { Model } from '@bpnn/core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvDataset } from '../csv/csv.js';
import { exportOnnx } from './onnx.js';
import { decodeOnnxModel } from './onnx-proto.js';

const grunfeldCsv = readFileSync(new URL('../../../../data/grunfeld.csv', import.meta.url), 'utf8');

/** Grunfeld's investments: value, capital (one gap), firm (11 categories), year → invest. */
let model: Model;
beforeAll(async () => {
  const csv = grunfeldCsv.replace(/\n([\d.]+),[\d.]+,/, '\n$1,NA,');
  model = Model.train(await readCsvDataset(csv, { target: 'invest', missing: true }), { hidden: [6], epochs: 5, seed: 1, missing: 'mean', dtype: 'float64' }).model;
}, 30_000);

type Row = { value: number; capital: number | null; firm: string; year: number };

/** onnxruntime's outputs for these rows: the numbers in "input", the firm as a string. */
async function run(bytes: Uint8Array, rows: Row[], type: 'float32' | 'float64'): Promise<number[]> {
  const session = await ort.InferenceSession.create(bytes);
  expect(session.inputNames).toEqual(['input', 'input.firm']);
  const numbers = rows.flatMap((r) => [r.value, r.capital ?? NaN, r.year]);
  const input = new ort.Tensor(type, type === 'float32' ? Float32Array.from(numbers) : Float64Array.from(numbers), [rows.length, 3]);
  const firm = new ort.Tensor('string', rows.map((r) => r.firm), [rows.length, 1]);
  const result = await session.run({ input, 'input.firm': firm });
  return Array.from(result.output.data as Float32Array | Float64Array);
}

/** The model's outputs for the same rows, a missing mark as null. */
function wanted(rows: Row[]): number[] {
  const records = rows.map((r) => ({ ...r, firm: ['NA', '', 'none'].includes(r.firm) ? null : r.firm }));
  return Array.from(model.outputs(model.inputsFromRecords(records)).data);
}

describe("exportOnnx with categories: 'strings'", () => {
  const rows: Row[] = [
    { value: 1500, capital: 30, firm: 'IBM', year: 1950 },
    { value: 100, capital: 3, firm: 'General Motors', year: 1940 },
    { value: 1500, capital: null, firm: 'Goodyear', year: 1950 },
    { value: 800, capital: 200, firm: 'NA', year: 1945 }, // a missing category: its 0/1 inputs take their means
    { value: 800, capital: 200, firm: '', year: 1945 },
    { value: 800, capital: 200, firm: 'none', year: 1945 },
  ];

  it('takes the numbers and each column of categories as strings, and computes what the model computes', async () => {
    expect(model.categorical.map((c) => c.name)).toEqual(['firm']);
    expect(model.inputColumns).toEqual(['value', 'capital', 'firm', 'year']);
    const exact = await run(exportOnnx(model, { categories: 'strings' }), rows, 'float64');
    const want = wanted(rows);
    expect(Math.max(...exact.map((v, k) => Math.abs(v - want[k])))).toBeLessThan(1e-9 * Math.max(...want.map(Math.abs)));
    const single = await run(exportOnnx(model, { categories: 'strings', dtype: 'float32' }), rows, 'float32');
    expect(Math.max(...single.map((v, k) => Math.abs(v - want[k]) / Math.abs(want[k])))).toBeLessThan(1e-4);
    // the default graph takes the 0/1 inputs, as before
    const session = await ort.InferenceSession.create(exportOnnx(model));
    expect(session.inputNames).toEqual(['input']);
  });

  it('gives all 0s for a category the model does not know (a graph cannot refuse a row), and writes the columns in its metadata', async () => {
    const unknown = await run(exportOnnx(model, { categories: 'strings' }), [{ value: 800, capital: 200, firm: 'Apple', year: 1945 }], 'float64');
    const zeros = model.inputNames.map((name) => (name.startsWith('firm=') ? 0 : NaN));
    const x = [[800, 200, 1945]].map(([value, capital, year]) => model.inputNames.map((name, k) => (name === 'value' ? value : name === 'capital' ? capital : name === 'year' ? year : zeros[k])));
    expect(unknown[0]).toBeCloseTo(model.outputs(x).data[0], 9);
    const metadata = Object.fromEntries((decodeOnnxModel(exportOnnx(model, { categories: 'strings' })).metadataProps as { key: string; value: string }[]).map(({ key, value }) => [key, value]));
    expect(JSON.parse(metadata.input_columns)).toEqual(['value', 'capital', 'firm', 'year']);
    expect(JSON.parse(metadata.categorical)).toEqual(model.categorical);
    expect(() => exportOnnx(model, { categories: 'words' as never })).toThrow('categories must be one-hot or strings, got "words"');
  });
});
