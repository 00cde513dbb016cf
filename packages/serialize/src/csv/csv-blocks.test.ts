import { describe, expect, it } from 'vitest';
import { readCsvBlocks, readCsvCategories } from './csv-blocks.js';
import { CategoriesFirstError } from './csv-layout.js';
import { readCsvDataset } from './csv.js';

const text = ['x,"label",z,w', ...Array.from({ length: 50 }, (_, r) => `${r / 4},${'abc'[r % 3]},${r % 7 === 0 ? '"1e3"' : -r},${r * r}`)].join('\r\n');

describe('readCsvBlocks', () => {
  it("gives readCsvDataset's rows, block by block, with the target cells and their codes", async () => {
    const data = await readCsvDataset(text, { target: ['label', 'w'], source: 'd.csv', dtype: 'float32' });
    const inputs: number[] = [];
    const targets: string[][] = [];
    const codes: number[] = [];
    const sizes: number[] = [];
    const summary = await readCsvBlocks(text, { target: ['label', 'w'], source: 'd.csv', dtype: 'float32', blockRows: 16 }, (block) => {
      sizes.push(block.rows);
      inputs.push(...block.inputs.subarray(0, block.rows * 2));
      for (let r = 0; r < block.rows; r++) {
        targets.push([block.target(r, 0), block.target(r, 1)]);
        codes.push(block.code(r, 0));
      }
    });
    expect(sizes).toEqual([16, 16, 16, 2]);
    expect(inputs).toEqual(Array.from((data.inputs as { data: Float32Array }).data));
    expect(targets).toEqual(data.targets);
    expect(summary).toEqual({ inputNames: ['x', 'z'], categorical: [], targetNames: ['label', 'w'], rows: 50, labels: [['a', 'b', 'c'], data.targets.map((row) => row[1])] });
    expect(codes.map((c) => summary.labels[0]![c])).toEqual(data.targets.map((row) => row[0]));
  });

  it('gives the errors readCsvDataset gives', async () => {
    const bad = text.replace('\r\n3,', '\r\n3,b,four,');
    const want = 'd.csv line 14: 6 fields, but the header has 4';
    await expect(readCsvDataset(bad, { target: 'label', source: 'd.csv' })).rejects.toThrow(want);
    await expect(readCsvBlocks(bad, { target: 'label', source: 'd.csv' }, () => {})).rejects.toThrow(want);
    await expect(readCsvBlocks('x,y\n', { target: 'y', source: 'd.csv' }, () => {})).rejects.toThrow('d.csv: has a header but no data rows');
  });

  it("reads columns of categories in blocks once their categories are read: readCsvDataset's 0/1 inputs, block by block", async () => {
    const words = ['colour,x,size,y', ...Array.from({ length: 40 }, (_, r) => `${['red', 'blue', 'green'][r % 3]},${r / 8},${r % 4 === 0 ? 'S' : 'L'},${r % 2}`)].join('\n');
    const blocks = () => readCsvBlocks(words, { target: 'y', source: 'w.csv', blockRows: 16 }, () => {});
    await expect(blocks()).rejects.toThrow(CategoriesFirstError);
    await expect(blocks()).rejects.toMatchObject({ columns: ['colour', 'size'] });
    const categories = await readCsvCategories(words, { target: 'y', source: 'w.csv' });
    expect(categories).toEqual([{ name: 'colour', categories: ['blue', 'green', 'red'] }, { name: 'size', categories: ['L', 'S'] }]);
    const data = await readCsvDataset(words, { target: 'y' });
    const inputs: number[] = [];
    const summary = await readCsvBlocks(words, { target: 'y', source: 'w.csv', blockRows: 16, categories }, (block) => inputs.push(...block.inputs));
    expect(summary.inputNames).toEqual(data.inputNames);
    expect(summary.categorical).toEqual(data.categorical);
    expect(inputs).toEqual(Array.from((data.inputs as { data: Float64Array }).data));
    // Identifiers are refused in the first pass, as readCsvDataset refuses them.
    const ids = ['name,x,y', ...Array.from({ length: 30 }, (_, i) => `n${i},${i},${i % 2}`)].join('\n');
    await expect(readCsvCategories(ids, { target: 'y', source: 'ids.csv' })).rejects.toThrow('ids.csv, column "name": 30 different values in 30 rows, too many to be categories');
  });
});
