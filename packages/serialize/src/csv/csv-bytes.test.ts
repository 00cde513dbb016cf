import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvByteBatches } from './csv-byte-batches.js';
import { csvRecords } from './csv-records.js';
import { scanCsv, type CsvSink } from './csv-scan.js';
import { readCsvDataset } from './csv.js';
import { datasetOf, readCsvColumns } from './csv-columns.js';
import { CsvTable } from './csv-table.js';
import { fieldDecimal, fieldEnd, plainDecimalBytes } from './decimal.js';
import { MAX_CODED } from './label-column.js';

const encoder = new TextEncoder();

/** The text's UTF-8 bytes in chunks of the given sizes (cycled), cut anywhere, even inside a character. */
function* byteChunks(text: string, sizes: number[]) {
  const bytes = encoder.encode(text);
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const size = sizes[k % sizes.length];
    yield bytes.slice(i, i + size);
    i += size;
  }
}

/** Records and lines as scanCsv gives them from bytes (its byte path), plain lines split as the sink's contract says. */
async function scannedBytes(text: string, delimiter: string, sizes: number[]) {
  const out: { record: string[]; line: number }[] = [];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const sink: CsvSink = {
    record: (record, line) => out.push({ record, line }),
    plain: (t, start, end, line, d) => out.push({ record: t.slice(start, end).split(d), line }),
    plainBytes: (b, start, end, line, d) => out.push({ record: decoder.decode(b.subarray(start, end)).split(String.fromCharCode(d)), line }),
  };
  await scanCsv(byteChunks(text, sizes), 'd.csv', delimiter, sink);
  return out;
}

/** csv-parse's records and lines (csvRecords, the reader's path before any fast path), from text in chunks. */
async function parsed(chunks: string[], delimiter: string) {
  const out: { record: string[]; line: number }[] = [];
  for await (const r of csvRecords(chunks, 'd.csv', delimiter)) out.push(r);
  return out;
}

const sizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 });

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.nat({ max: 10 ** 9 }), fc.nat({ max: 12 })).map(([i, f, pad]) => `${i}.${'0'.repeat(pad)}${f}`),
  fc.constantFrom('-0', '+3', '.5', '5.', '1e3', '0x1f', ' 7 ', '00012.50', '123456789012345678', '0.1234567890123456789012', '-.25', '\u00a01.5', '1_0', 'é'),
);

const numericCsv = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    rows: fc.array(fc.tuple(number, number, fc.oneof(number, fc.constantFrom('cat', 'dog', 'héron')))), // a, b, y
    blankEvery: fc.nat({ max: 7 }),
    lastBreak: fc.boolean(),
  })
  .map(({ delimiter, crlf, bom, rows, blankEvery, lastBreak }) => {
    const end = crlf ? '\r\n' : '\n';
    const lines = [['a', 'b', 'y'].join(delimiter), ...rows.map((row, r) => (blankEvery > 0 && r % blankEvery === 0 ? end : '') + row.join(delimiter))];
    return { delimiter, text: (bom ? '\uFEFF' : '') + lines.join(end) + (lastBreak ? end : '') };
  });

/** What a read gives, comparable: the inputs (−0 told apart) and targets, or the error. */
async function outcome(read: Promise<{ inputs: unknown; targets: unknown }>) {
  try {
    const data = await read;
    const inputs = Array.from((data.inputs as { data: ArrayLike<number> }).data, (v) => (Object.is(v, -0) ? '-0' : v));
    return { inputs, targets: data.targets };
  } catch (error) {
    return (error as Error).message;
  }
}

describe('CSV from bytes', () => {
  it('gives exactly the records and lines csv-parse gives on the same batches, on any text cut into any chunks', async () => {
    // csv-parse decides a batch's line ends by itself, so a file that mixes "\n" and "\r\n" reads by
    // its batches (as the text path always has): the reference parses the byte path's batches.
    const text = fc.string({ unit: fc.constantFrom('a', '1', ',', ';', '"', '\r', '\n', ' ', '\t', '\uFEFF', 'é', '😀'), maxLength: 300 });
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(',', ';', '\t'), sizes, async (csv, delimiter, cut) => {
        const batches: string[] = [];
        const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
        for await (const batch of csvByteBatches(byteChunks(csv, cut))) batches.push(decoder.decode(batch));
        if (batches.length > 0) batches[0] = batches[0].replace(/^\uFEFF/, ''); // the text path's decoder drops a leading mark
        const want = await parsed(batches, delimiter).catch((error: Error) => error.message);
        const got = await scannedBytes(csv, delimiter, cut).catch((error: Error) => error.message);
        expect(got).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('gives exactly the records and lines csv-parse gives on the whole text, for consistent line ends, cut into any chunks', async () => {
    const unit = fc.constantFrom('a', '1', ',', ';', '"', '\n', ' ', '\t', '\uFEFF', 'é', '😀');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 300 }), fc.boolean(), fc.constantFrom(',', ';', '\t'), sizes, async (lf, crlf, delimiter, cut) => {
        const csv = crlf ? lf.replace(/\n/g, '\r\n') : lf;
        const want = await parsed([csv.replace(/^\uFEFF/, '')], delimiter).catch((error: Error) => error.message);
        const got = await scannedBytes(csv, delimiter, cut).catch((error: Error) => error.message);
        expect(got).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });

  it('reads random numeric files from bytes to what the text path reads, values, targets and errors, in both dtypes', async () => {
    await fc.assert(
      fc.asyncProperty(numericCsv, fc.constantFrom('float32' as const, 'float64' as const), sizes, async ({ delimiter, text }, dtype, cut) => {
        const options = { target: 'y', source: 'd.csv', delimiter, dtype };
        const want = await outcome(readCsvDataset(text, options));
        expect(await outcome(readCsvDataset(byteChunks(text, cut), options))).toEqual(want);
        expect(await outcome(readCsvDataset(encoder.encode(text), { ...options, delimiter }))).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('readCsvColumns reads what readCsvDataset reads (as a Dataset through datasetOf), with each target cell as a number', async () => {
    await fc.assert(
      fc.asyncProperty(numericCsv, fc.constantFrom('float32' as const, 'float64' as const), sizes, async ({ delimiter, text }, dtype, cut) => {
        const options = { target: 'y', source: 'd.csv', delimiter, dtype };
        const want = await outcome(readCsvDataset(text, options));
        const bytes = encoder.encode(text);
        expect(await outcome(readCsvColumns(byteChunks(text, cut), { ...options, byteLength: bytes.length }).then(datasetOf))).toEqual(want);
        if (typeof want === 'string') return;
        const columns = await readCsvColumns(bytes, options);
        const numbers = Array.from(columns.targets[0].numbers, (v) => (Object.is(v, -0) ? '-0' : v));
        const cells = (want.targets as string[][]).map(([cell]) => Number(cell)).map((v) => (Object.is(v, -0) ? '-0' : v));
        expect(numbers).toEqual(cells);
      }),
      { numRuns: 300 },
    );
  });

  it('cuts batches only after a line break outside quotes, and loses no byte', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', 'é'), maxLength: 200 });
    await fc.assert(
      fc.asyncProperty(text, sizes, async (csv, cut) => {
        const batches: Uint8Array[] = [];
        for await (const batch of csvByteBatches(byteChunks(csv, cut))) batches.push(batch.slice());
        expect(new TextDecoder().decode(Buffer.concat(batches))).toBe(csv);
        for (const batch of batches.slice(0, -1)) {
          const quotes = batch.filter((b) => b === 0x22).length;
          expect(batch[batch.length - 1]).toBe(0x0a);
          expect(quotes % 2).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a target column of more than MAX_CODED distinct numbers as numbers only when asked, the text of a cell that is not one kept', async () => {
    const rows = Array.from({ length: MAX_CODED + 100 }, (_, r) => `${r},${r === MAX_CODED + 50 ? 'n/a' : `${r}.50`}`);
    const text = `x,y\n${rows.join('\n')}\n`;
    const table = new CsvTable({ source: 'd.csv', targetNames: ['y'], dtype: 'float64', keepText: false });
    await scanCsv(encoder.encode(text), 'd.csv', ',', table);
    const [y] = table.targets;
    expect(y.coded).toBe(false);
    expect(y.cell(3)).toBe(3.5);
    expect(y.cell(MAX_CODED + 60)).toBe(MAX_CODED + 60.5);
    expect(y.cell(MAX_CODED + 50)).toBe('n/a');
    expect(Number.isNaN(y.number(MAX_CODED + 50))).toBe(true);
    expect(Array.from(y.numberArray().subarray(0, 4))).toEqual([0.5, 1.5, 2.5, 3.5]);
    // readCsvDataset keeps the text as written.
    const data = await readCsvDataset(encoder.encode(text), { target: 'y' });
    expect(data.targets[MAX_CODED + 60]).toEqual([`${MAX_CODED + 60}.50`]);
  });
});

/** Inputs to the number readers: random doubles as JavaScript writes them, plain decimals of every length, and the edge cases. */
const numberText = fc.oneof(
  fc.double({ noNaN: true }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v.toExponential()),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => v.toFixed(6)),
  fc.stringMatching(/^[+-]?\d{0,25}(\.\d{0,25})?$/),
  fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '.', '-', '+', 'e', 'E', ' ', '\t', 'x', '_', 'é'), maxLength: 14 }),
  fc.constantFrom(
    '-0', '+0', '0', '-0.0', '.0', '0.', '.', '-', '+', '', ' 1', '1 ', '1e5', '1E-5', '-1e+300', '1e400', '9007199254740993', '123456789012345', '1234567890123456',
    '0.1', '0.3', '2.675', '1.0000000000000002', '0.000000000000000000001', '0.0000000000000000000001', '0.00000000000000000000001', '999999999999999.9',
    '99999999999999999999999', '4.9e-324', '1.7976931348623157e308', 'Infinity', '-Infinity', 'NaN', '0x10', '0b11', '1,5', '++1', '--1', '+-1', '١',
  ),
);

describe('the byte number readers', () => {
  it('plainDecimalBytes is Number(text) whenever it answers, and answers every plain decimal of at most 15 significant and 22 fraction digits', () => {
    fc.assert(
      fc.property(numberText, (t) => {
        const bytes = encoder.encode(`#${t}#`);
        const value = plainDecimalBytes(bytes, 1, bytes.length - 1);
        if (!Number.isNaN(value)) expect(Object.is(value, Number(t))).toBe(true);
        if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) && t.replace(/^[+-]?0*|\./g, '').replace(/^0+/, '').length <= 15 && (t.split('.')[1] ?? '').length <= 22) {
          expect(Number.isNaN(value)).toBe(false);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('fieldDecimal reads a field up to its delimiter exactly as plainDecimalBytes reads the field alone', () => {
    fc.assert(
      fc.property(numberText, numberText, fc.constantFrom(',', ';', '\t', '|', '.', '-', '5'), (a, b, delimiter) => {
        if (a.includes(delimiter)) return;
        const bytes = encoder.encode(`${a}${delimiter}${b}`);
        const end = encoder.encode(a).length;
        const value = fieldDecimal(bytes, 0, bytes.length, delimiter.charCodeAt(0));
        expect(fieldEnd.at).toBe(end);
        expect(Object.is(value, plainDecimalBytes(bytes, 0, end))).toBe(true);
        const alone = fieldDecimal(bytes, end + 1, bytes.length, 0x0a);
        expect(Object.is(alone, plainDecimalBytes(bytes, end + 1, bytes.length))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('is exact on a million random decimals of up to 15 significant digits', () => {
    let seed = 15;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let k = 0; k < 1_000_000; k++) {
      const digits = String(Math.floor(next() * 10 ** (1 + Math.floor(next() * 15))));
      const point = Math.floor(next() * (digits.length + 1));
      const t = (next() < 0.5 ? '-' : '') + digits.slice(0, point) + '.' + digits.slice(point);
      const bytes = encoder.encode(t);
      const value = plainDecimalBytes(bytes, 0, bytes.length);
      if (!Object.is(value, Number(t))) throw new Error(`${t}: ${value} against Number's ${Number(t)}`);
    }
  });
});
