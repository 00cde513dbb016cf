import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from './csv-records.js';
import { scanCsv, type CsvSink } from './csv-scan.js';
import { readCsvDataset } from './csv.js';
import { CsvTable } from './csv-table.js';
import { targetRows } from './label-column.js';
import { plainDecimal } from './decimal.js';

/** The records and lines scanCsv gives, its fast path's lines split as the sink's contract says. */
async function scanned(text: string, delimiter: string) {
  const out: { record: string[]; line: number }[] = [];
  const sink: CsvSink = {
    record: (record, line) => out.push({ record, line }),
    plain: (t, start, end, line, d) => out.push({ record: t.slice(start, end).split(d), line }),
  };
  await scanCsv(pieces(text), 'd.csv', delimiter, sink);
  return out;
}

/** csv-parse's records and lines (csvRecords, the reader's path before the fast path). */
async function parsed(text: string, delimiter: string) {
  const out: { record: string[]; line: number }[] = [];
  for await (const r of csvRecords(pieces(text), 'd.csv', delimiter)) out.push(r);
  return out;
}

/** The text in chunks of 100 characters, so a file has several batches. */
function* pieces(text: string) {
  for (let i = 0; i < text.length; i += 100) yield text.slice(i, i + 100);
}

/** readCsvDataset as it was: every record from csv-parse, through the table's record checks (a word on the first row makes a column of categories). */
async function reference(text: string, delimiter: string, dtype: 'float32' | 'float64') {
  const table = new CsvTable({ source: 'd.csv', targetNames: ['y'], dtype, detectCategorical: true });
  for await (const { record, line } of csvRecords(pieces(text), 'd.csv', delimiter)) table.record(record, line);
  return { inputs: Array.from(table.inputs().data), targets: targetRows(table.targets, table.rows) };
}

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.nat({ max: 10 ** 9 }), fc.nat({ max: 12 })).map(([i, f, pad]) => `${i}.${'0'.repeat(pad)}${f}`),
  fc.constantFrom('-0', '+3', '.5', '5.', '1e3', '1E-3', '+.5e1', ' 7 ', '00012.50', '123456789012345678', '0.1234567890123456789012', '-.25'),
);

const numericCsv = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    crlf: fc.boolean(),
    rows: fc.array(fc.array(number, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 40 }),
    blankEvery: fc.nat({ max: 7 }),
  })
  .map(({ delimiter, crlf, rows, blankEvery }) => {
    const end = crlf ? '\r\n' : '\n';
    const lines = [['a', 'b', 'y'].join(delimiter), ...rows.map((row, r) => (blankEvery > 0 && r % blankEvery === 0 ? end : '') + row.join(delimiter))];
    return { delimiter, text: lines.join(end) + end };
  });

describe('the CSV fast path', () => {
  it('gives exactly the records and lines csv-parse gives, on any text', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', '1', ',', ';', '"', '\r', '\n', ' ', '\t', '\uFEFF'), maxLength: 300 });
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(',', ';', '\t'), async (csv, delimiter) => {
        const want = await parsed(csv, delimiter).catch((error: Error) => error.message);
        const got = await scanned(csv, delimiter).catch((error: Error) => error.message);
        expect(got).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it("reads random numeric files to exactly the numbers of csv-parse's records, in float64 and float32", async () => {
    await fc.assert(
      fc.asyncProperty(numericCsv, fc.constantFrom('float32' as const, 'float64' as const), async ({ delimiter, text }, dtype) => {
        // A number beyond float32's range is an error in float32, the same one on either path.
        const want = await reference(text, delimiter, dtype).catch((error: Error) => error.message);
        const read = await readCsvDataset(pieces(text), { target: 'y', source: 'd.csv', delimiter, dtype }).catch((error: Error) => error.message);
        expect(typeof read).toBe(typeof want);
        if (typeof want === 'string' || typeof read === 'string') {
          expect(read).toBe(want);
          return;
        }
        const data = read;
        const got = Array.from((data.inputs as { data: Float32Array | Float64Array }).data);
        expect(got.map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(want.inputs.map((v) => Object.is(v, -0) ? '-0' : v));
        expect(data.targets).toEqual(want.targets);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the errors of the record path for a bad cell, a missing value or a wrong width', async () => {
    const bad = fc.constantFrom('', ' ', 'four', '1,2', '1e999', 'NaN', '--1');
    await fc.assert(
      fc.asyncProperty(numericCsv, bad, fc.nat(), fc.nat({ max: 2 }), async ({ delimiter, text }, cell, at, column) => {
        const lines = text.split('\n');
        const row = 1 + (at % (lines.length - 2));
        const fields = lines[row].replace('\r', '').split(delimiter);
        if (fields.length !== 3) return; // a blank line
        fields[column] = cell.replace(',', delimiter);
        lines[row] = fields.join(delimiter) + (lines[row].endsWith('\r') ? '\r' : '');
        const broken = lines.join('\n');
        const want = await reference(broken, delimiter, 'float64').then(() => 'no error', (error: Error) => error.message);
        const got = await readCsvDataset(pieces(broken), { target: 'y', source: 'd.csv', delimiter }).then(() => 'no error', (error: Error) => error.message);
        expect(got).toBe(want);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a column of more distinct cells than MAX_CODED (65,536) as strings, row for row', async () => {
    const rows = Array.from({ length: 70000 }, (_, r) => `${r},${r}.5`);
    const data = await readCsvDataset(['x,y\n', rows.join('\n')], { target: 'y' });
    expect(data.targets[0]).toEqual(['0.5']);
    expect(data.targets[69999]).toEqual(['69999.5']);
    expect(data.targets[65536]).toEqual(['65536.5']);
  });
});

describe('plainDecimal', () => {
  it('is Number(text) for a plain decimal and NaN for anything it leaves to Number', () => {
    const text = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.stringMatching(/^[+-]?\d{0,20}(\.\d{0,25})?$/),
      fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', '+', 'e', ' '), maxLength: 12 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        const value = plainDecimal(`#${t}#`, 1, t.length + 1);
        if (!Number.isNaN(value)) expect(Object.is(value, Number(t))).toBe(true);
        if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) && t.replace(/^[+-]?0*|\./g, '').length <= 15 && (t.split('.')[1] ?? '').length <= 22) {
          expect(Number.isNaN(value)).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
