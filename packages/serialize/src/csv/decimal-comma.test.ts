import { ConfigError, DataError, type Matrix } from '@bpnn/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvBlocks, readCsvCategories } from './csv-blocks.js';
import { readCsvColumns } from './csv-columns.js';
import { readCsvInputs } from './csv-inputs.js';
import { readCsvDataset } from './csv.js';

// A file as a German spreadsheet saves it (";" between fields, decimal commas, one quoted cell,
// CRLF line ends), and the same file written by hand with decimal points: the reference.
const european = [
  'Länge;Farbe;Breite;Preis',
  '1,5;rot;-0,25;12,75',
  '2;blau;1,5e3;"3,5"',
  '-0,125;rot;,5;1000',
  '10,0;grün;7;-2,5',
].join('\r\n');
const pointed = [
  'Länge,Farbe,Breite,Preis',
  '1.5,rot,-0.25,12.75',
  '2,blau,1.5e3,"3.5"',
  '-0.125,rot,.5,1000',
  '10.0,grün,7,-2.5',
].join('\r\n');
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Bytes in chunks of 7, so that chunks part cells, numbers and the "ü". */
async function* chunks(text: string): AsyncGenerator<Uint8Array> {
  const bytes = utf8(text);
  for (let at = 0; at < bytes.length; at += 7) yield bytes.slice(at, at + 7);
}
const comma = { target: 'Preis', source: 'eu.csv', delimiter: ';', decimal: ',' } as const;

describe('decimal ","', () => {
  it('reads a file with decimal commas as readCsvDataset reads its decimal-point twin, from text, bytes and chunks', async () => {
    const want = await readCsvDataset(pointed, { target: 'Preis', source: 'eu.csv' });
    expect((want.inputs as Matrix).toRows()[0]).toEqual([1.5, 0, 0, 1, -0.25]); // Farbe as 0/1 inputs (blau, grün, rot)
    for (const input of [european, utf8(european), chunks(european)]) {
      const got = await readCsvDataset(input, comma);
      expect(got.inputNames).toEqual(want.inputNames);
      expect(Array.from((got.inputs as Matrix).data)).toEqual(Array.from((want.inputs as Matrix).data));
      expect(got.targets).toEqual(want.targets); // the target cells as a decimal point writes them
      expect(got.categorical).toEqual(want.categorical);
    }
  });

  it('gives readCsvColumns, readCsvCategories, readCsvBlocks and readCsvInputs the same numbers as the twin', async () => {
    const columns = await readCsvColumns(utf8(european), comma);
    const twin = await readCsvColumns(utf8(pointed), { target: 'Preis', source: 'eu.csv' });
    expect(Array.from(columns.inputs.data)).toEqual(Array.from(twin.inputs.data));
    expect(Array.from(columns.targets[0].numbers)).toEqual([12.75, 3.5, 1000, -2.5]);

    const categories = await readCsvCategories(chunks(european), comma);
    expect(categories).toEqual(await readCsvCategories(pointed, { target: 'Preis' }));
    const blocks = async (input: string | AsyncGenerator<Uint8Array>, options: object) => {
      const rows: number[] = [];
      const targets: number[] = [];
      await readCsvBlocks(input, { target: 'Preis', categories, blockRows: 3, ...options }, (block) => {
        rows.push(...block.inputs.subarray(0, block.rows * 5));
        for (let r = 0; r < block.rows; r++) targets.push(block.number(r, 0));
      });
      return { rows, targets };
    };
    expect(await blocks(chunks(european), { delimiter: ';', decimal: ',' })).toEqual(await blocks(pointed, {}));

    const model = { inputNames: ['Breite', 'Länge'], ignore: ['Farbe', 'Preis'] };
    const inputs = await readCsvInputs(utf8(european), { ...model, delimiter: ';', decimal: ',' });
    expect(inputs.inputs.toRows()).toEqual((await readCsvInputs(pointed, model)).inputs.toRows());
    expect(inputs.inputs.toRows()[2]).toEqual([0.5, -0.125]);
  });

  it('reads random numbers written with a decimal comma as Number reads their twins, bit for bit, on the fast path and the record path', async () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), // 17 digits, exponents, -0
      fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.nat({ max: 999999 })).map(([whole, fraction]) => `${whole},${fraction}`.replace(',', '.')),
      fc.integer().map(String),
    );
    const rows = fc.array(fc.tuple(cell, cell, fc.nat({ max: 19 }).map((k) => k === 0)), { minLength: 1, maxLength: 30 }); // a quoted cell (the record path) now and then
    await fc.assert(
      fc.asyncProperty(rows, fc.integer({ min: 1, max: 40 }), async (cells, size) => {
        const twin = ['a;b;y', ...cells.map(([a, b, quote]) => `${quote ? `"${a}"` : a};${b};${b}`)].join('\n');
        const comma = twin.replaceAll('.', ',');
        const bytes = new TextEncoder().encode(comma);
        const pieces = (async function* () {
          for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
        })();
        const want = await readCsvDataset(twin, { target: 'y', delimiter: ';' });
        for (const input of [comma, pieces]) {
          const got = await readCsvDataset(input, { target: 'y', delimiter: ';', decimal: ',' });
          const inputs = Array.from((got.inputs as Matrix).data);
          Array.from((want.inputs as Matrix).data).forEach((v, i) => expect(Object.is(inputs[i], v), `${v} ${inputs[i]}`).toBe(true));
          expect(got.targets).toEqual(want.targets);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reads "." as a thousands separator only when told, and refuses a point it was not told of, naming the cell', async () => {
    const grouped = 'a;b\n1.234,5;1\n-1.000.000;2\n12,5;3\n';
    const read = await readCsvDataset(grouped, { target: 'b', delimiter: ';', decimal: ',', thousands: '.', source: 'g.csv' });
    expect(Array.from((read.inputs as Matrix).data)).toEqual([1234.5, -1000000, 12.5]);
    await expect(readCsvDataset(grouped, { target: 'b', delimiter: ';', decimal: ',', source: 'g.csv' })).rejects.toThrow(
      new DataError('g.csv line 2, column "a": "1.234,5" has a point, but the file is read with decimal ","; if the point groups thousands, read it with thousands "." too (--thousands . on the command line)'),
    );
    const point = 'a;b\n1,5;1\n2.5;2\n';
    await expect(readCsvDataset(point, { target: 'b', delimiter: ';', decimal: ',', source: 'p.csv' })).rejects.toThrow(
      'p.csv line 3, column "a": "2.5" has a decimal point, but the file is read with decimal ","; if the file writes numbers with a decimal point, read it without decimal "," (the default is ".")',
    );
    // A target too, and on the bytes' path; a point that does not group threes is refused with thousands ".".
    await expect(readCsvDataset(utf8('a;b\n1;0,5\n2;2.5\n'), { target: 'b', delimiter: ';', decimal: ',', source: 'p.csv' })).rejects.toThrow('p.csv line 3, column "b": "2.5" has a decimal point');
    await expect(readCsvDataset(point, { target: 'b', delimiter: ';', decimal: ',', thousands: '.', source: 'p.csv' })).rejects.toThrow(
      'p.csv line 3, column "a": "2.5" has a point that does not group digits in threes, but the file is read with decimal "," and thousands "."',
    );
    await expect(readCsvDataset('a;b\n1,234,5;1\n', { target: 'b', delimiter: ';', decimal: ',', source: 'p.csv' })).rejects.toThrow(
      new DataError('p.csv line 2, column "a": "1,234,5" has more than one comma, but the file is read with decimal ",", which a number has once'),
    );
    // Words keep their points: a category "v1.2" is a category.
    const words = await readCsvDataset('version;y\nv1.2;1,5\nv2.0;2\n', { target: 'y', delimiter: ';', decimal: ',' });
    expect(words.inputNames).toEqual(['version=v1.2', 'version=v2.0']);
    expect(words.targets).toEqual([['1.5'], ['2']]);
  });

  it('refuses a comma as both the delimiter and the decimal mark, and marks it does not know, naming them', async () => {
    await expect(readCsvDataset('a,b\n1,2\n', { target: 'b', decimal: ',' })).rejects.toThrow(
      new ConfigError('decimal', 'is ",", the delimiter too: a comma cannot both separate fields and mark decimals; read the file with delimiter ";" (--delimiter ";" on the command line), as files with a decimal comma are written'),
    );
    await expect(readCsvInputs('a\n1\n', { inputNames: ['a'], decimal: ',' })).rejects.toThrow('decimal is ",", the delimiter too');
    await expect(readCsvDataset('a;b\n1;2\n', { target: 'b', delimiter: ';', decimal: ' ' as ',' })).rejects.toThrow('decimal must be "." or ","');
    await expect(readCsvDataset('a;b\n1;2\n', { target: 'b', delimiter: ';', thousands: '.' })).rejects.toThrow('thousands "." groups digits only with decimal ","');
  });

  it('names the decimal comma as the remedy when a file with one is read with a decimal point', async () => {
    await expect(readCsvDataset('a;b\n1;2\n2,5;3\n', { target: 'b', delimiter: ';', source: 'eu.csv' })).rejects.toThrow(
      'eu.csv line 3, column "a": "2,5" is not a number (it is a number written with a comma (a decimal comma or a thousands separator): write numbers with a decimal point and no separators or %; if the file writes a decimal comma, read it with decimal "," (--decimal , on the command line, with a delimiter other than ",", such as --delimiter ";"))',
    );
    await expect(readCsvDataset('a;b\n2,5;3\n', { target: 'b', delimiter: ';', source: 'eu.csv' })).rejects.toThrow('read it with decimal "," (--decimal , on the command line');
  });
});
