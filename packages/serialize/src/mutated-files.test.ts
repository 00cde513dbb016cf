/**
 * Every reader of a file from elsewhere, over valid files mutated by a seeded fuzzer
 * (test/mutate.ts): a mutant either reads as a model that predicts finite numbers (or a data set
 * of finite numbers), or is refused by the documented error class (a FormatError, or a DataError
 * for a data file's values) whose message starts with the file's name.
 * The readers: .bpnn, the JSON form, FANN .net and .data, brain.js JSON, and CSV for training and
 * for prediction (a file's first 40 lines). Never another exception, never a hang, never an
 * allocation as large as a number the file claims.
 */
import { readFileSync } from 'node:fs';
import { DataError, FormatError, Matrix, Model, type Dataset } from '@bpnn/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryMutations, mutate } from '../test/mutate.js';
import { importBrainJs } from './brainjs.js';
import { readFannData } from './fann/fann-data.js';
import { importFannNet } from './fann/fann-model.js';
import { readModel } from './model-file/bpnn-file.js';
import { readModelJson } from './model-file/model-json.js';
import { readCsvDataset } from './csv/csv.js';
import { readCsvInputs } from './csv/csv-inputs.js';

const fixtures = new URL('../test/fixtures/', import.meta.url);
const SOURCE = 'mutant';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

type Reader = (bytes: Uint8Array) => Model | Promise<Dataset>;
const cases: [string, Reader][] = [ // a fixture (or a file of data/) and its reader
  ['format-1/iris-adam-f32.bpnn', (bytes) => readModel(bytes, { source: SOURCE })],
  ['safetensors/tiny-regressor-f64.bpnn', (bytes) => readModel(bytes, { source: SOURCE })],
  ['format-1/iris-sgd-f64.json', (bytes) => readModelJson(text(bytes), { source: SOURCE })],
  ['fann/scaled.net', (bytes) => importFannNet(bytes, { source: SOURCE })],
  ['fann/mixed_4_8_5_3.net', (bytes) => importFannNet(bytes, { source: SOURCE })],
  ['fann/sparse_2_2_1.net', (bytes) => importFannNet(bytes, { source: SOURCE })],
  ['fann/xor.data', (bytes) => readFannData(bytes, { source: SOURCE })],
  ['brainjs/v1_lookup.json', (bytes) => importBrainJs(bytes, { source: SOURCE })],
  ['brainjs/v2_leaky-relu.json', (bytes) => importBrainJs(bytes, { source: SOURCE })],
  ['brainjs/v2_lookup.json', (bytes) => importBrainJs(bytes, { source: SOURCE })],
  // a CSV file with a column of categories (firm), by the training and the prediction readers
  ['../../../../data/grunfeld.csv (readCsvDataset)', (bytes) => readCsvDataset(firstLines(bytes, 40), { target: 'invest', source: SOURCE })],
  ['../../../../data/grunfeld.csv (readCsvInputs)', (bytes) => readCsvInputs(firstLines(bytes, 40), { inputNames: ['value', 'capital', 'year'], ignore: ['invest', 'firm'], source: SOURCE }).then(({ inputs }) => ({ inputs, targets: [] }) as unknown as Dataset)],
];

/** The first lines of a file, to keep a mutant small. */
function firstLines(bytes: Uint8Array, lines: number): Uint8Array {
  let end = 0;
  for (let k = 0; k < lines && end >= 0; k++) end = bytes.indexOf(0x0a, end + 1);
  return end < 0 ? bytes : bytes.subarray(0, end + 1);
}

/** The numbers a model predicts for two rows of inputs, or a data set holds (its inputs, and targets that are numbers). */
function numbersOf(read: Model | Dataset): number[] {
  if (read instanceof Model) {
    const n = read.network.inputSize;
    const rows = [Array.from({ length: n }, (_, i) => 0.3 * i - 0.5), Array.from({ length: n }, () => 1)];
    return Array.from(read.outputs(rows).data);
  }
  // targets are kept as written: numbers (FANN data) are checked, a CSV's cells may be class labels
  const inputs = Matrix.from(read.inputs, 'inputs');
  const targets = read.targets as ReadonlyArray<ReadonlyArray<string | number>>;
  return [...Array.from(inputs.data), ...targets.flat().filter((cell): cell is number => typeof cell === 'number')];
}

describe('readers on mutated files (seeded mutation fuzzing)', () => {
  it.each(cases)('%s: each mutant reads as finite numbers or is a named FormatError/DataError', async (name, read) => {
    const original = new Uint8Array(readFileSync(new URL(name.replace(/ \(.*\)$/, ''), fixtures)));
    expect(numbersOf(await read(original)).every(Number.isFinite)).toBe(true); // the fixture itself reads
    await fc.assert(
      fc.asyncProperty(arbitraryMutations, async (mutations) => {
        const bytes = mutate(original, mutations);
        let numbers: number[];
        try {
          numbers = numbersOf(await read(bytes));
        } catch (error) {
          if (!(error instanceof FormatError || error instanceof DataError)) throw error; // shows the stray error and its stack
          expect(error.message.startsWith(SOURCE)).toBe(true);
          return;
        }
        expect(numbers.every(Number.isFinite)).toBe(true);
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
