import { describe, expect, it } from 'vitest';
import { readCsvBlocks } from './csv-blocks.js';
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
    expect(summary).toEqual({ inputNames: ['x', 'z'], targetNames: ['label', 'w'], rows: 50, labels: [['a', 'b', 'c'], data.targets.map((row) => row[1])] });
    expect(codes.map((c) => summary.labels[0]![c])).toEqual(data.targets.map((row) => row[0]));
  });

  it('gives the errors readCsvDataset gives', async () => {
    const bad = text.replace('\r\n3,', '\r\n3,b,four,');
    const want = 'd.csv line 14: 6 fields, but the header has 4';
    await expect(readCsvDataset(bad, { target: 'label', source: 'd.csv' })).rejects.toThrow(want);
    await expect(readCsvBlocks(bad, { target: 'label', source: 'd.csv' }, () => {})).rejects.toThrow(want);
    await expect(readCsvBlocks('x,y\n', { target: 'y', source: 'd.csv' }, () => {})).rejects.toThrow('d.csv: has a header but no data rows');
  });
});
