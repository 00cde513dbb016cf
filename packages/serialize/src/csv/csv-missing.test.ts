import { Model } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readModel, writeModel } from '../model-file/bpnn-file.js';
import { readCsvBlocks, readCsvCategories } from './csv-blocks.js';
import { readCsvInputs } from './csv-inputs.js';
import { readCsvDataset } from './csv.js';

/** The inputs matrix as rows, NaN written as null (toEqual tells NaN apart, but null reads better). */
function rows(inputs: { rows: number; cols: number; data: ArrayLike<number> }): (number | null)[][] {
  return Array.from({ length: inputs.rows }, (_, r) => Array.from(inputs.data).slice(r * inputs.cols, (r + 1) * inputs.cols).map((v) => (Number.isNaN(v) ? null : v)));
}

const gaps = ['colour,size,weight,y', 'red,1,,p', ',2,5,q', 'blue,NA,6,p', 'n/a,4,?,q', 'red, ,8,p', ''].join('\n');

describe('missing values in CSV', () => {
  it('reads empty cells and NA, N/A, NaN, null, None and ? as missing: NaN, and NaN in every 0/1 input of a missing category', async () => {
    for (const input of [gaps, [Buffer.from(gaps.slice(0, 30)), Buffer.from(gaps.slice(30))]]) {
      const data = await readCsvDataset(input, { target: 'y', missing: true });
      expect(data.inputNames).toEqual(['colour=blue', 'colour=red', 'size', 'weight']);
      expect(data.categorical).toEqual([{ name: 'colour', categories: ['blue', 'red'] }]);
      expect(rows(data.inputs as never)).toEqual([
        [0, 1, 1, null],
        [null, null, 2, 5],
        [1, 0, null, 6],
        [null, null, 4, null],
        [0, 1, null, 8],
      ]);
    }
  });

  it('is an error without `missing`, that says how to fill it; a target is never missing', async () => {
    await expect(readCsvDataset(gaps, { target: 'y', source: 'g.csv' })).rejects.toThrow(
      "g.csv line 2, column \"weight\": missing value (missing: 'mean' fills missing values with their column's mean)",
    );
    await expect(readCsvDataset('x,y\n1,a\n2,\n', { target: 'y', source: 'g.csv', missing: true })).rejects.toThrow(/^g\.csv line 3, column "y": missing value$/);
    await expect(readCsvDataset('c,x,y\n?,1,a\nNA,2,b\n', { target: 'y', source: 'g.csv', missing: true, categorical: ['c'] })).rejects.toThrow(
      'g.csv, column "c": no category in any row: every value is missing',
    );
    // A mark of a missing value on the first row leaves the column numbers: its error says how to take it.
    await expect(readCsvDataset('x,y\nNA,a\n2,b\n', { target: 'y', source: 'g.csv' })).rejects.toThrow(
      "g.csv line 2, column \"x\": \"NA\" is not a number (if it marks a missing value: missing: 'mean' fills missing values with their column's mean)",
    );
    // In blocks: the categories first, then blocks with NaN where readCsvDataset has it.
    const categories = await readCsvCategories(gaps, { target: 'y', missing: true });
    const blocks: number[] = [];
    await readCsvBlocks(gaps, { target: 'y', missing: true, categories, blockRows: 2 }, (block) => blocks.push(...block.inputs));
    const whole = await readCsvDataset(gaps, { target: 'y', missing: true });
    expect(blocks.map((v) => (Number.isNaN(v) ? null : v))).toEqual(Array.from((whole.inputs as { data: Float64Array }).data, (v) => (Number.isNaN(v) ? null : v)));
  });

  it('trains a model that fills them, whose file keeps the fill, and which predicts a CSV with missing values', async () => {
    const data = await readCsvDataset(gaps, { target: 'y', missing: true });
    const { model } = Model.train(data, { hidden: [3], epochs: 5, seed: 2, missing: 'mean' });
    // The training rows' means: blue 1/3 and red 2/3 of the 3 rows with a colour, size (1 + 2 + 4) / 3, weight (5 + 6 + 8) / 3.
    expect(model.fill).toEqual([1 / 3, 2 / 3, 7 / 3, 19 / 3]);
    const back = await readModel(await writeModel(model));
    expect(back.fill).toEqual(model.fill);
    const x = await readCsvInputs('colour,size,weight\n,3,\nblue,3,6\n', { inputNames: back.inputNames, categories: back.categorical, missing: true });
    expect(rows(x.inputs)).toEqual([[null, null, 3, null], [1, 0, 3, 6]]);
    // Without `missing` (a model that does not fill them), the error says so, for a number and for a category.
    for (const [text, column] of [['colour,size,weight\nred,,6\n', 'size'], ['colour,size,weight\n,3,6\n', 'colour']]) {
      await expect(readCsvInputs(text, { inputNames: back.inputNames, categories: back.categorical, source: 'n.csv' })).rejects.toThrow(
        `n.csv line 2, column "${column}": missing value (the model was trained without missing values; one trained with missing: 'mean' fills them with its training means)`,
      );
    }
    const filled = back.outputs([[1 / 3, 2 / 3, 3, 19 / 3]]).get(0, 0);
    expect(back.outputs(x.inputs).get(0, 0)).toBe(filled);
    // A row's first missing cell is the one named.
    await expect(readCsvInputs('colour,size,weight\n,3,\n', { inputNames: back.inputNames, categories: back.categorical, source: 'n.csv' })).rejects.toThrow(/^n\.csv line 2, column "colour": missing value/);
  });
});
