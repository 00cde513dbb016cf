import fc from 'fast-check';
import { DataError, Model } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readModel, writeModel } from '../model-file/bpnn-file.js';
import { readCsvBlocks } from './csv-blocks.js';
import { readCsvColumns } from './csv-columns.js';
import { readCsvInputs } from './csv-inputs.js';
import { readCsvDataset } from './csv.js';

const penguins = [
  'bill,island,sex,mass,species',
  '39.1,Torgersen,male,3750,Adelie',
  '46.5,Dream,female,3500,Chinstrap',
  '50.0,Biscoe,male,5700,Gentoo',
  '38.6,Torgersen,female,3800,Adelie',
  '45.2,Biscoe,female,5300,Gentoo',
  '',
].join('\n');

/** The file as the 0/1 columns a reader should make of it, worked by hand. */
const expectedNames = ['bill', 'island=Biscoe', 'island=Dream', 'island=Torgersen', 'sex=female', 'sex=male', 'mass'];
const expectedRows = [
  [39.1, 0, 0, 1, 0, 1, 3750],
  [46.5, 0, 1, 0, 1, 0, 3500],
  [50.0, 1, 0, 0, 0, 1, 5700],
  [38.6, 0, 0, 1, 1, 0, 3800],
  [45.2, 1, 0, 0, 1, 0, 5300],
];

/** The inputs matrix as rows. */
function rows(inputs: { rows: number; cols: number; data: ArrayLike<number> }): number[][] {
  return Array.from({ length: inputs.rows }, (_, r) => Array.from(inputs.data).slice(r * inputs.cols, (r + 1) * inputs.cols));
}

describe('numbers a person writes that Number does not read', () => {
  // The penguins' bill and mass as a spreadsheet in a European locale saves them: ';' between
  // fields, a decimal comma, a thousands point.
  const european = penguins.replaceAll(',', ';').replace(/(\d+)\.(\d)/g, '$1,$2').replace(/;(\d)(\d{3});/g, ';$1.$2;');

  it('a decimal comma, a thousands separator or a percentage on the first row is a DataError, not a column of categories', async () => {
    expect(european.split('\n')[1]).toBe('39,1;Torgersen;male;3.750;Adelie');
    for (const input of [european, [Buffer.from(european)]]) {
      await expect(readCsvDataset(input, { target: 'species', source: 'eu.csv', delimiter: ';' })).rejects.toThrow(
        new DataError('eu.csv line 2, column "bill": "39,1" is a number written with a comma (a decimal comma or a thousands separator), which is not read as a number, and the column would become categories; write numbers with a decimal point and no separators or %, or name the column as categorical to read its cells as categories; if the file writes a decimal comma, read it with decimal "," (--decimal , on the command line, with a delimiter other than ",", such as --delimiter ";")'),
      );
    }
    const percent = 'share,y\n15%,1\n20 %,2\n';
    await expect(readCsvColumns(percent, { target: 'y', source: 'p.csv' })).rejects.toThrow('p.csv line 2, column "share": "15%" is a percentage, which is not read as a number');
    await expect(readCsvDataset('n,y\n"12,000",1\n', { target: 'y', source: 'n.csv' })).rejects.toThrow('"12,000" is a number written with a comma');
  });

  it('a typographic minus sign, digits grouped by spaces, a currency sign: each named on the first row', async () => {
    const cases: [string, string][] = [
      ['x,y\n\u22121.5,a\n2,b\n', '"\u22121.5" is a number written with a typographic minus sign'],
      ['x,y\n1\u00a0000,a\n2,b\n', '"1\u00a0000" is a number with its digits grouped by spaces or apostrophes'],
      ['x,y\n$12,a\n$3,b\n', '"$12" is an amount with a currency sign'],
    ];
    for (const [text, message] of cases) {
      await expect(readCsvDataset(text, { target: 'y', source: 'x.csv' })).rejects.toThrow(`x.csv line 2, column "x": ${message}`);
    }
  });

  it("says that Excel's sep= line names the delimiter, with or without the delimiter given", async () => {
    const text = 'sep=;\nbill;y\n39.1;a\n';
    const what = "Excel's line that names the delimiter, and is no header: delete that line";
    await expect(readCsvDataset(text, { target: 'y', source: 'x.csv' })).rejects.toThrow(`x.csv: no target column "y"; the columns are "sep=;" (line 1, "sep=;", is ${what}, and read the file with delimiter ";")`);
    await expect(readCsvDataset(text, { target: 'y', source: 'x.csv', delimiter: ';' })).rejects.toThrow(`x.csv line 1: column 2 has no name; every column needs one in the header row (line 1 is ${what})`);
    expect((await readCsvDataset(text.slice(6), { target: 'y', delimiter: ';' })).inputNames).toEqual(['bill']); // as the hint says
  });

  it('names them further down a column of numbers too, and reads them as categories when the column is named so', async () => {
    await expect(readCsvDataset('bill;y\n39.1;a\n46,5;b\n', { target: 'y', source: 'eu.csv', delimiter: ';' })).rejects.toThrow(
      'eu.csv line 3, column "bill": "46,5" is not a number (it is a number written with a comma (a decimal comma or a thousands separator): write numbers with a decimal point and no separators or %; if the file writes a decimal comma, read it with decimal "," (--decimal , on the command line, with a delimiter other than ",", such as --delimiter ";"))',
    );
    const data = await readCsvDataset(european, { target: 'species', source: 'eu.csv', delimiter: ';', categorical: ['bill', 'mass'] });
    expect(data.inputNames.slice(0, 2)).toEqual(['bill=38,6', 'bill=39,1']);
    // the same file with decimal points reads as the numbers a person meant
    const points = await readCsvDataset(penguins, { target: 'species', source: 'p.csv' });
    expect(rows(points.inputs as never).map((row) => [row[0], row[6]])).toEqual(expectedRows.map((row) => [row[0], row[6]]));
  });
});

describe('categorical input columns in CSV', () => {
  it('reads a column whose first cell is a word as one 0/1 column per sorted category, in its place, from text and from bytes', async () => {
    for (const input of [penguins, [Buffer.from(penguins.slice(0, 70)), Buffer.from(penguins.slice(70))]]) {
      const data = await readCsvDataset(input, { target: 'species', source: 'p.csv' });
      expect(data.inputNames).toEqual(expectedNames);
      expect(rows(data.inputs as never)).toEqual(expectedRows);
      expect(data.categorical).toEqual([{ name: 'island', categories: ['Biscoe', 'Dream', 'Torgersen'] }, { name: 'sex', categories: ['female', 'male'] }]);
      expect(data.targets.map((t) => t[0])).toEqual(['Adelie', 'Chinstrap', 'Gentoo', 'Adelie', 'Gentoo']);
    }
    const f32 = await readCsvColumns(penguins, { target: 'species', dtype: 'float32' });
    expect(f32.inputs.data).toBeInstanceOf(Float32Array);
    expect(rows(f32.inputs)).toEqual(expectedRows.map((row) => row.map(Math.fround)));
    expect(f32.categorical.map((c) => c.name)).toEqual(['island', 'sex']);
  });

  it('reads a column of number codes as categories when told to, sorted by value', async () => {
    const csv = 'grade,x,y\n10,1,a\n2,2,b\n9,3,a\n2,4,b\n';
    const data = await readCsvDataset(csv, { target: 'y', categorical: ['grade'] });
    expect(data.inputNames).toEqual(['grade=2', 'grade=9', 'grade=10', 'x']);
    expect(rows(data.inputs as never)).toEqual([[0, 0, 1, 1], [1, 0, 0, 2], [0, 1, 0, 3], [1, 0, 0, 4]]);
    await expect(readCsvDataset(csv, { target: 'y', categorical: ['z'] })).rejects.toThrow('CSV: no feature column "z" to read as categories; the features are "grade", "x"');
    // a model's column of categories that the file lacks (a model continued or evaluated on other data)
    await expect(readCsvDataset(csv, { target: 'y', source: 'new.csv', categories: [{ name: 'firm', categories: ['GE', 'IBM'] }] })).rejects.toThrow(`new.csv: the model's column of categories "firm" is not in the file; the features are "grade", "x"`);
  });

  it('says why a column with a number on its first row and a word later is numbers, and refuses identifiers and empty cells', async () => {
    await expect(readCsvDataset('a,b,y\n1,x,p\nlow,x,q\n', { target: 'y', source: 'd.csv' })).rejects.toThrow(
      new DataError('d.csv line 3, column "a": "low" is not a number (column "a" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)'),
    );
    await expect(readCsvDataset('a,b,y\n1,x,p\n2,,q\n', { target: 'y', source: 'd.csv' })).rejects.toThrow('d.csv line 3, column "b": missing value');
    // A first cell that is missing says so, not that it is not a word (blank lines before it are not the first row).
    await expect(readCsvDataset('a,b,y\n\n,x,p\nlow,x,q\n', { target: 'y', source: 'd.csv', missing: true })).rejects.toThrow(
      new DataError('d.csv line 4, column "a": "low" is not a number (column "a" is read as numbers: its cell on the first row, line 3, is empty; name it as categorical to read its cells as categories)'),
    );
    await expect(readCsvDataset('a,b,y\nNA,x,p\nlow,x,q\n', { target: 'y', source: 'd.csv', missing: true })).rejects.toThrow(
      new DataError('d.csv line 3, column "a": "low" is not a number (column "a" is read as numbers: its cell on the first row, line 2, is "NA", which marks a missing value; name it as categorical to read its cells as categories)'),
    );
    const ids = ['name,x,y', ...Array.from({ length: 30 }, (_, i) => `row${i},${i},${i % 2 === 0 ? 'a' : 'b'}`)].join('\n');
    await expect(readCsvDataset(ids, { target: 'y', source: 'ids.csv' })).rejects.toThrow(
      'ids.csv, column "name": 30 different values in 30 rows, too many to be categories (an identifier, or free text?); leave the column out of the features',
    );
    const wide = ['w,y', ...Array.from({ length: 3000 }, (_, i) => `v${i},${i % 2}`)].join('\n');
    await expect(readCsvDataset(wide, { target: 'y', source: 'wide.csv' })).rejects.toThrow(/^wide\.csv line 1002, column "w": more than 1000 different values in 1001 rows/);
    expect((await readCsvDataset(ids, { target: 'y', features: ['x'] })).inputNames).toEqual(['x']);
    await expect(readCsvDataset('a=b,a,y\n1,b,p\n2,c,q\n', { target: 'y', source: 'clash.csv' })).rejects.toThrow(
      'clash.csv: the input "a=b" of the category "b" of "a" is also the name of another column; rename that column',
    );
  });

  it('is named by the block reader, which needs the categories before its first block', async () => {
    await expect(readCsvBlocks(penguins, { target: 'species', source: 'p.csv' }, () => {})).rejects.toThrow(
      'p.csv: column "island" holds categories, which a read in blocks needs before its first block: read them first (readCsvCategories), then the blocks with them (categories)',
    );
  });

  it('reads a file to predict or score with a model\'s categories: in the model\'s order, any column order, an unknown category named by line', async () => {
    const island = { name: 'island', categories: ['Biscoe', 'Dream', 'Torgersen'] };
    const inputNames = ['bill', 'island=Biscoe', 'island=Dream', 'island=Torgersen'];
    const read = await readCsvInputs('island,species,bill\nDream,x,40\nTorgersen,y,41\n', { inputNames, categories: [island], ignore: ['species'] });
    expect(rows(read.inputs)).toEqual([[40, 0, 1, 0], [41, 0, 0, 1]]);
    await expect(readCsvInputs('bill,island\n40,Dream\n41,Java\n', { inputNames, categories: [island], source: 'new.csv' })).rejects.toThrow(
      'new.csv line 3, column "island": "Java" is not a category the model knows ("Biscoe", "Dream", "Torgersen")',
    );
    await expect(readCsvInputs('bill,island\nlong,Dream\n', { inputNames, categories: [island], source: 'new.csv' })).rejects.toThrow(
      'new.csv line 2, column "bill": "long" is not a number (the model takes a number in this column: it was trained on numbers there)',
    );
    await expect(readCsvInputs('bill,island=Dream\n40,1\n', { inputNames, categories: [island], source: 'new.csv' })).rejects.toThrow(
      'new.csv: missing the model\'s input column "island"; the model takes "bill", "island"',
    );
    // Scoring: a file with only some of the categories keeps the model's columns.
    const labelled = await readCsvDataset('bill,island,y\n40,Dream,a\n', { target: 'y', features: ['bill', 'island'], categories: [island] });
    expect(labelled.inputNames).toEqual(inputNames);
    expect(rows(labelled.inputs as never)).toEqual([[40, 0, 1, 0]]);
  });

  it('are kept by a .bpnn file, and a model read back predicts raw rows as before', async () => {
    const data = await readCsvDataset(penguins, { target: 'species' });
    const { model } = Model.train(data, { hidden: [4], epochs: 5, seed: 3 });
    const back = await readModel(await writeModel(model));
    expect(back.categorical).toEqual(data.categorical);
    expect(back.inputColumns).toEqual(['bill', 'island', 'sex', 'mass']);
    const x = await readCsvInputs(penguins, { inputNames: back.inputNames, categories: back.categorical, ignore: ['species'] });
    expect(Array.from(back.outputs(x.inputs).data)).toEqual(Array.from(model.outputs(data.inputs).data));
  });
});

describe('categorical and missing cells, on random files', () => {
  const word = fc.constantFrom('red', 'blue', 'green', 'Zürich', 'a b', '7', '10', '2.5');
  const number = fc.oneof(fc.integer({ min: -999, max: 999 }).map(String), fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((v) => v.toFixed(3)));
  const gap = fc.constantFrom('', 'NA', '?', 'null');
  /** A file of a column of words `c`, a numeric column `x` and a class `y`; gaps in c and x after the first row. */
  const file = fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: gap }), fc.oneof({ weight: 4, arbitrary: number }, { weight: 1, arbitrary: gap }), fc.constantFrom('p', 'q')), { minLength: 2, maxLength: 19 })
    .map((rows) => [['red', rows[0][1] === '' || rows[0][1] === 'NA' || rows[0][1] === '?' || rows[0][1] === 'null' ? '1' : rows[0][1], rows[0][2]] as const, ...rows.slice(1)]);

  it('read, from text and from bytes, as a one-hot encoding written out independently', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.boolean(), async (rows, crlf) => {
        const end = crlf ? '\r\n' : '\n';
        const text = ['c,x,y', ...rows.map((r) => r.join(','))].join(end) + end;
        const isGap = (cell: string) => ['', 'na', '?', 'null'].includes(cell.trim().toLowerCase());
        // The reference: the sorted categories of c (numbers by value when all are), 0/1 columns, NaN for gaps.
        const cells = rows.map((r) => r[0].trim()).filter((cell) => !isGap(cell));
        const distinct = [...new Set(cells)];
        const numeric = distinct.every((cell) => Number.isFinite(Number(cell)));
        const categories = numeric ? distinct.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1)) : distinct.sort();
        const expected = rows.map(([c, x]) => [...categories.map((k) => (isGap(c) ? null : c.trim() === k ? 1 : 0)), isGap(x) ? null : Number(x)]);
        for (const input of [text, [Buffer.from(text.slice(0, 17)), Buffer.from(text.slice(17))]]) {
          const data = await readCsvDataset(input, { target: 'y', missing: true });
          expect(data.inputNames).toEqual([...categories.map((k) => `c=${k}`), 'x']);
          expect(rows2(data.inputs as never)).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** The inputs matrix as rows, NaN as null. */
function rows2(inputs: { rows: number; cols: number; data: ArrayLike<number> }): (number | null)[][] {
  return Array.from({ length: inputs.rows }, (_, r) => Array.from(inputs.data).slice(r * inputs.cols, (r + 1) * inputs.cols).map((v) => (Number.isNaN(v) ? null : v)));
}
