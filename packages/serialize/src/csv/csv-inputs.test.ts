import { DataError, FormatError, Model } from '@bpnn/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tinyClassifier } from '../../test/tiny-models.js';
import { readCsvInputs } from './csv-inputs.js';
import { checkWidth, csvRecords, headerNames, isBlank, numericCell } from './csv-records.js';

/** readCsvInputs as it was before its fast path: csv-parse's records, checked one by one (the reference; its header checks are the same code). */
async function recordByRecord(text: string, inputNames: string[], delimiter: string) {
  let header: string[] | undefined;
  let index: number[] = [];
  const values: number[] = [];
  const lines: number[] = [];
  for await (const { record, line } of csvRecords([text], 'in.csv', delimiter)) {
    if (isBlank(record)) continue; // before the header too
    if (header === undefined) {
      header = headerNames(record, 'in.csv', line);
      index = inputNames.map((name) => header!.indexOf(name));
      continue;
    }
    checkWidth(record, header, 'in.csv', line);
    for (const c of index) values.push(numericCell(record[c], 'in.csv', line, header[c], undefined, false, true));
    lines.push(line);
  }
  if (lines.length === 0) throw new Error('no rows');
  return { values, lines };
}

describe('readCsvInputs', () => {
  it('finds the model’s columns by name in any order and returns them in the model’s order', async () => {
    const text = 'c,a,b\n3,1,2\n\n6,4,5\n';
    const { inputs, lines } = await readCsvInputs(text, { inputNames: ['a', 'b', 'c'] });
    expect(inputs.toRows()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(lines).toEqual([2, 4]);
  });

  it('feeds a model: quoted names with commas and quotes, a labelled file with the target ignored', async () => {
    const model = tinyClassifier('float64');
    const text = 'answer,"say ""hi"", twice",größe,height (cm)\nyes,0.5,-3,180\nno,1,-2.5,165\n';
    async function* chunks() {
      for (let i = 0; i < text.length; i += 5) yield Buffer.from(text.slice(i, i + 5));
    }
    const { inputs } = await readCsvInputs(chunks(), { inputNames: model.inputNames, ignore: model.targetNames });
    expect(inputs.toRows()).toEqual([
      [180, 0.5, -3],
      [165, 1, -2.5],
    ]);
    expect(model.predict(inputs).task).toBe('classification');
  });

  it('names missing and extra columns, and bad cells by line and column', async () => {
    const read = (text: string) => readCsvInputs(text, { inputNames: ['a', 'b', 'c'], ignore: ['y'], source: 'in.csv' });
    await expect(read('a,y\n1,2\n')).rejects.toThrow(new DataError('in.csv: missing the model\'s input columns "b", "c"; the model takes "a", "b", "c"'));
    await expect(read('a,b\n1,2\n')).rejects.toThrow('in.csv: missing the model\'s input column "c"; the model takes "a", "b", "c"');
    // A wide model's columns are not all listed: the message stays one readable line.
    const wide = Array.from({ length: 64 }, (_, i) => `pixel${i}`);
    const header = wide.filter((name) => name !== 'pixel40').join(',');
    await expect(readCsvInputs(`${header}\n${Array(63).fill(0).join(',')}\n`, { inputNames: wide, source: 'digits.csv' })).rejects.toThrow(
      new DataError('digits.csv: missing the model\'s input column "pixel40"; the model takes "pixel0", "pixel1", "pixel2", "pixel3", "pixel4", "pixel5", "pixel6", "pixel7", "pixel8", "pixel9", … (64 in all)'),
    );
    await expect(read('a,b,c,d,e\n1,2,3,4,5\n')).rejects.toThrow('in.csv: columns "d", "e" are not among the model\'s inputs ("a", "b", "c"); remove them from the file');
    await expect(read('a,b,c,y\n1,2,3,spam\n1,,3,x\n')).rejects.toThrow('in.csv line 3, column "b": missing value');
    await expect(read('a,b,c\n1,2,x3\n')).rejects.toThrow('in.csv line 2, column "c": "x3" is not a number');
    await expect(read('a,b,c\n1,2\n')).rejects.toThrow('in.csv line 2: 2 fields, but the header has 3');
    await expect(read('a,b,c\n')).rejects.toThrow('in.csv: has a header but no data rows');
    await expect(read('')).rejects.toThrow('in.csv: empty, expected a header row of column names');
    await expect(read('a,b,c\n"1,2,3\n')).rejects.toThrow(FormatError);
  });

  it('reads random files (bytes in chunks, or text) to the values, lines and errors of the record-by-record reader', async () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
      fc.constantFrom('-0', '+3', '.5', ' 7 ', '1e3', '123456789012345678', '', 'x', 'NaN', '1e999', '"4"'),
    );
    const file = fc.record({
      delimiter: fc.constantFrom(',', ';'),
      crlf: fc.boolean(),
      rows: fc.array(fc.array(cell, { minLength: 3, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
      blank: fc.nat({ max: 5 }),
      chunk: fc.integer({ min: 1, max: 50 }),
    });
    await fc.assert(
      fc.asyncProperty(file, async ({ delimiter, crlf, rows, blank, chunk }) => {
        const end = crlf ? '\r\n' : '\n';
        const text = ['c', 'y', 'a'].join(delimiter) + end + rows.map((row, r) => (blank > 0 && r % blank === 0 ? end : '') + row.join(delimiter)).join(end) + end;
        const want = await recordByRecord(text, ['a', 'c'], delimiter).then(
          ({ values, lines }) => ({ values: values.map((v) => (Object.is(v, -0) ? '-0' : v)), lines }),
          (error: Error) => error.message,
        );
        const bytes = new TextEncoder().encode(text);
        const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, k) => bytes.subarray(k * chunk, (k + 1) * chunk));
        for (const input of [text, chunks]) {
          const got = await readCsvInputs(input, { inputNames: ['a', 'c'], ignore: ['y'], source: 'in.csv', delimiter }).then(
            ({ inputs, lines }) => ({ values: Array.from(inputs.data, (v) => (Object.is(v, -0) ? '-0' : v)), lines }),
            (error: Error) => (error.message.endsWith('has a header but no data rows') ? 'no rows' : error.message),
          );
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });
});


describe('readCsvInputs options', () => {
  it('inputNames missing or not a list is a ConfigError naming it', async () => {
    await expect(readCsvInputs('a,b\n1,2\n', {} as never)).rejects.toThrow(/^inputNames must be a list of column names .*, got nothing$/);
    await expect(readCsvInputs('a,b\n1,2\n', { inputNames: 'b' as never })).rejects.toThrow(/^inputNames must be a list of column names .*, got "b"$/);
  });

  it("takes a model's inputColumns with its categories as it takes its inputNames", async () => {
    const model = Model.train(
      { inputNames: ['a', 'c=p', 'c=q'], targetNames: ['y'], categorical: [{ name: 'c', categories: ['p', 'q'] }], inputs: [[1, 1, 0], [2, 0, 1], [3, 1, 0], [4, 0, 1]], targets: [[1], [2], [3], [4]] },
      { epochs: 1 },
    ).model;
    const csv = 'a,c\n1,p\n2,q\n';
    const byColumns = await readCsvInputs(csv, { inputNames: model.inputColumns, categories: model.categorical });
    const byInputs = await readCsvInputs(csv, { inputNames: model.inputNames, categories: model.categorical });
    expect(byColumns.inputs.toRows()).toEqual([[1, 1, 0], [2, 0, 1]]);
    expect(byInputs.inputs.toRows()).toEqual(byColumns.inputs.toRows());
  });

  it('skips a first line of spaces, keeping the lines of the file, and refuses a NUL in a category, as the training readers do', async () => {
    const categories = [{ name: 'c', categories: ['p', 'q'] }];
    const read = await readCsvInputs(' \t\na,c\n1,p\n2,q\n', { inputNames: ['a', 'c=p', 'c=q'], categories });
    expect(read.inputs.toRows()).toEqual([[1, 1, 0], [2, 0, 1]]);
    expect(read.lines).toEqual([3, 4]);
    for (const csv of ['a,c\n1,p\n2,q\u0000\n', 'a,c\n1,p\n2,"q\u0000"\n']) {
      await expect(readCsvInputs(csv, { inputNames: ['a', 'c=p', 'c=q'], categories, source: 'in.csv' })).rejects.toThrow(
        /^in\.csv line 3, column "c": "q\\u0000" holds a NUL character \(U\+0000\), which text does not hold: the file is likely binary, or UTF-16 text read as UTF-8; /,
      );
    }
  });
});
