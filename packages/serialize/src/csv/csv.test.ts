import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DataError, FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.js';

const dataFile = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../data/${name}`, import.meta.url)));

describe('readCsvDataset', () => {
  it('reads iris: four numeric features by header name and string class labels', async () => {
    const data = await readCsvDataset(dataFile('iris.csv'), { target: 'species', source: 'iris.csv' });
    expect(data.inputNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(data.targetNames).toEqual(['species']);
    expect(data.targets).toHaveLength(150);
    expect(data.targets[0]).toEqual(['setosa']);
    expect(data.targets[149]).toEqual(['virginica']);
    expect((data.inputs as { row(r: number): Float64Array }).row(0)).toEqual(Float64Array.of(5.1, 3.5, 1.4, 0.2));
  });

  it('reads column names with spaces, quoted or not, and streams chunks split anywhere', async () => {
    const text = '"mean radius",mean texture,"diag, nosis"\r\n17.99,10.38,malignant\r\n"20.57",17.77,"benign"\r\n';
    async function* chunks() {
      for (let i = 0; i < text.length; i += 7) yield new TextEncoder().encode(text.slice(i, i + 7));
    }
    const data = await readCsvDataset(chunks(), { target: 'diag, nosis' });
    expect(data.inputNames).toEqual(['mean radius', 'mean texture']);
    expect(data.targets).toEqual([['malignant'], ['benign']]);
    expect(Array.from((data.inputs as { data: Float64Array }).data)).toEqual([17.99, 10.38, 20.57, 17.77]);
  });

  it('picks features by name and several targets', async () => {
    const data = await readCsvDataset('a,b,c,d\n1,2,3,4\n5,6,7,8\n', { target: ['d', 'b'], features: ['c'] });
    expect(data.inputNames).toEqual(['c']);
    expect(data.targets).toEqual([
      ['4', '2'],
      ['8', '6'],
    ]);
  });

  it('names the file, line and column of a bad cell', async () => {
    const read = (text: string, target = 'y') => readCsvDataset(text, { target, source: 'data.csv' });
    await expect(read('x,z,y\n1,2,a\n3,,b\n')).rejects.toThrow(new DataError('data.csv line 3, column "z": missing value (missing: \'mean\', or bpnn train --missing mean, fills missing values with their column\'s mean)'));
    await expect(read('x,z,y\n1,2,a\n3,four,b\n')).rejects.toThrow(
      new DataError('data.csv line 3, column "z": "four" is not a number (column "z" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)'),
    );
    // a number's name that is not finite gets no hint about categories
    await expect(read('x,z,y\n1,2,a\n3,-Infinity,b\n')).rejects.toThrow(new DataError('data.csv line 3, column "z": "-Infinity" is not a number'));
    await expect(read('x,z,y\n1,2,a\n3,4\n')).rejects.toThrow('data.csv line 3: 2 fields, but the header has 3');
    await expect(read('x,z,y\n1,2,\n')).rejects.toThrow('data.csv line 2, column "y": missing value');
    await expect(read('x,z,y\n1,2,a\n', 'species')).rejects.toThrow('data.csv: no target column "species"; the columns are "x", "z", "y"');
    await expect(read('')).rejects.toThrow('data.csv: empty, expected a header row of column names');
    await expect(read('x,z,y\n')).rejects.toThrow('data.csv: has a header but no data rows');
    await expect(read('x,z,y\n1,"2,a\n')).rejects.toThrow(FormatError);
    await expect(read('x,z,y\n1,"2,a\n')).rejects.toThrow(/data.csv: not valid CSV: .*quote/i);
  });
});

describe('readCsvDataset header and separators', () => {
  it('refuses a header with a repeated or empty column name, naming both positions', async () => {
    await expect(readCsvDataset('a,b,a\n1,2,3\n', { target: 'b', source: 'd.csv' })).rejects.toThrow(
      new DataError('d.csv line 1: columns 1 and 3 are both named "a"; rename one'),
    );
    await expect(readCsvDataset('\n\na,,y\n1,2,3\n', { target: 'y', source: 'd.csv' })).rejects.toThrow(
      'd.csv line 3: column 2 has no name; every column needs one in the header row',
    );
  });

  it('reads semicolon-separated files when told', async () => {
    const data = await readCsvDataset('x;label\n1.5;a\n-2;b\n', { target: 'label', delimiter: ';' });
    expect(data.inputNames).toEqual(['x']);
    expect(Array.from((data.inputs as { data: Float64Array }).data)).toEqual([1.5, -2]);
    expect(data.targets).toEqual([['a'], ['b']]);
  });
});
