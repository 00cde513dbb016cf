/**
 * Hostile CSV, read by every reader the apps use, whole and in chunks: readCsvDataset on the text
 * and on the bytes (whole, and cut into chunks of 1, 2 and 7 bytes), readCsvColumns (what `bpnn
 * train` reads with) and readCsvBlocks after readCsvCategories (what `bpnn train --stream` reads
 * with, as the CLI's cache does). Each case holds the rows or the error worked out by hand; every
 * reader must give exactly that, so the in-memory and the streaming readers agree to the letter.
 */
import type { Dataset, Matrix } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.js';
import { datasetOf, readCsvColumns } from './csv-columns.js';
import { readCsvBlocks, readCsvCategories } from './csv-blocks.js';

const encoder = new TextEncoder();

/** What a reader gave: the inputs' names, the inputs row by row and the target cells, or the error's class and message. */
type Outcome = { inputNames: string[]; inputs: number[][]; targets: string[] } | { error: string };

function* chunks(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function outcome(read: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await read();
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

/** A Dataset as an Outcome: its inputs (a Matrix, as the readers make them) row by row. */
function outcomeOf(data: Dataset): Outcome {
  const { rows, cols, data: values } = data.inputs as Matrix;
  const inputs = Array.from({ length: rows }, (_, r) => Array.from(values.subarray(r * cols, (r + 1) * cols)));
  return { inputNames: [...data.inputNames], inputs, targets: data.targets.map((row) => String(row[0])) };
}

async function dataset(input: Parameters<typeof readCsvDataset>[0], delimiter?: string): Promise<Outcome> {
  return outcomeOf(await readCsvDataset(input, { target: 'y', source: 'd.csv', ...(delimiter !== undefined && { delimiter }) }));
}

async function columns(bytes: Uint8Array, delimiter?: string): Promise<Outcome> {
  const read = await readCsvColumns(chunks(bytes, 65536), { target: 'y', source: 'd.csv', byteLength: bytes.length, ...(delimiter !== undefined && { delimiter }) });
  return outcomeOf(datasetOf(read));
}

/** As the CLI's --stream cache reads: the categories first, then blocks (of 2 rows) with them, from chunks of `size` bytes (5 and 3 by default). */
async function blocks(bytes: Uint8Array, delimiter?: string, size?: number): Promise<Outcome> {
  const options = { target: 'y', source: 'd.csv', ...(delimiter !== undefined && { delimiter }) };
  const categories = await readCsvCategories(chunks(bytes, size ?? 5), options);
  const inputs: number[][] = [];
  const targets: string[] = [];
  const summary = await readCsvBlocks(chunks(bytes, size ?? 3), { ...options, categories, blockRows: 2 }, (block) => {
    const width = block.inputs.length / block.rows;
    for (let r = 0; r < block.rows; r++) {
      inputs.push(Array.from(block.inputs.subarray(r * width, (r + 1) * width)));
      targets.push(block.target(r, 0));
    }
  });
  return { inputNames: summary.inputNames, inputs, targets };
}

async function everyReader(text: string | Uint8Array, delimiter?: string): Promise<Record<string, Outcome>> {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  const out: Record<string, Outcome> = {};
  if (typeof text === 'string') out.text = await outcome(() => dataset(text, delimiter));
  out.bytes = await outcome(() => dataset(bytes, delimiter));
  for (const size of [1, 2, 7]) out[`chunks of ${size}`] = await outcome(() => dataset(chunks(bytes, size), delimiter));
  out.readCsvColumns = await outcome(() => columns(bytes, delimiter));
  out['readCsvBlocks (--stream)'] = await outcome(() => blocks(bytes, delimiter));
  return out;
}

const ab = (rows: number[][], targets: string[]): Outcome => ({ inputNames: ['a', 'b'], inputs: rows, targets });

/** [what, the file, what every reader gives, the delimiter]. */
const CASES: [string, string | Uint8Array, Outcome, string?][] = [
  ['a quoted field holding a line break', 'a,b,y\n1,2,"x\ny"\n3,4,z\n', ab([[1, 2], [3, 4]], ['x\ny', 'z'])],
  ['a quoted field holding "\\r\\n", in a file of "\\r\\n"', 'a,b,y\r\n1,2,"x\r\ny"\r\n3,4,z\r\n', ab([[1, 2], [3, 4]], ['x\r\ny', 'z'])],
  ['a header only', 'a,b,y\n', { error: 'DataError: d.csv: has a header but no data rows' }],
  ['a header only, without a line break', 'a,b,y', { error: 'DataError: d.csv: has a header but no data rows' }],
  ['nothing', '', { error: 'DataError: d.csv: empty, expected a header row of column names' }],
  ['two columns of one name', 'a,a,y\n1,2,p\n', { error: 'DataError: d.csv line 1: columns 1 and 2 are both named "a"; rename one' }],
  ['a name again three columns on', 'b,a,c,y,a\n1,2,3,p,4\n', { error: 'DataError: d.csv line 1: columns 2 and 5 are both named "a"; rename one' }],
  ['an empty header cell', 'a,,y\n1,2,p\n', { error: 'DataError: d.csv line 1: column 2 has no name; every column needs one in the header row' }],
  ['a delimiter at the end of every row', 'a,b,y,\n1,2,p,\n3,4,q,\n', { error: 'DataError: d.csv line 1: column 4 has no name; every column needs one in the header row (the header line ends with the delimiter: if every line does, remove the delimiter at the end of each line)' }],
  ['a number beyond a double', 'a,b,y\n1,2,p\n3,-1e400,q\n', { error: 'DataError: d.csv line 3, column "b": "-1e400" is beyond float64\'s range (±1.8e308); divide the column by a power of ten' }],
  ['a number of 400 digits', `a,b,y\n1,2,p\n3,${'9'.repeat(400)},q\n`, { error: `DataError: d.csv line 3, column "b": "${'9'.repeat(40)}"… (400 characters) is beyond float64's range (±1.8e308); divide the column by a power of ten` }],
  ['NaN written out', 'a,b,y\n1,2,p\n3,NaN,q\n', { error: 'MissingValueError: d.csv line 3, column "b": "NaN" is not a number (if it marks a missing value: missing: \'mean\' fills missing values with their column\'s mean)' }],
  ['a column of categories', 'a,b,y\n1,red,p\n2,blue,q\n3,red,p\n', { inputNames: ['a', 'b=blue', 'b=red'], inputs: [[1, 0, 1], [2, 1, 0], [3, 0, 1]], targets: ['p', 'q', 'p'] }],
  ['a last row without a line break', 'a,b,y\n1,2,p\n3,4,q', ab([[1, 2], [3, 4]], ['p', 'q'])],
  ['a byte-order mark', '\ufeffa,b,y\n1,2,p\n3,4,q\n', ab([[1, 2], [3, 4]], ['p', 'q'])],
  ['a byte-order mark and quotes', '\ufeff"a",b,y\n1,2,"p"\n3,4,q\n', ab([[1, 2], [3, 4]], ['p', 'q'])],
  ['blank lines', 'a,b,y\n\n1,2,p\n\n\n3,4,q\n\n', ab([[1, 2], [3, 4]], ['p', 'q'])],
  ['a row of one field (NULs)', 'a,b,y\n1,2,p\n\u0000\u0000\n', { error: 'DataError: d.csv line 3: 1 field, but the header has 3' }],
  ['a row too short', 'a,b,y\n1,2,p\n3,4\n', { error: 'DataError: d.csv line 3: 2 fields, but the header has 3' }],
  ['a quoted row too long, after a field of two lines', 'a,b,y\n1,2,"p\nq"\n3,4,q,5\n', { error: 'DataError: d.csv line 4: 4 fields, but the header has 3' }],
  // csv-parse counted a quoted "\r\n" as two lines.
  ['a word where a number is, after a field of two lines', 'a,b,y\r\n1,2,"p\r\nq"\r\n3,four,q\r\n', { error: 'DataError: d.csv line 4, column "b": "four" is not a number (column "b" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)' }],
  ['a semicolon file from a European Excel, read with ","', 'a;b;y\n1,5;2;p\n', { error: 'DataError: d.csv: no target column "y"; the columns are "a;b;y" (the header is one column that holds ";": if that separates the fields, read the file with delimiter ";", --delimiter on the command line)' }],
  ['a semicolon file from a European Excel, read with ";"', 'a;b;y\n1,5;2;p\n', { error: 'DataError: d.csv line 2, column "a": "1,5" is a number written with a comma (a decimal comma or a thousands separator), which is not read as a number, and the column would become categories; write numbers with a decimal point and no separators or %, or name the column as categorical to read its cells as categories; if the file writes a decimal comma, read it with decimal \",\" (--decimal , on the command line, with a delimiter other than \",\", such as --delimiter \";\")' }, ';'],
  ['tabs', 'a\tb\ty\n1\t2\tp\n3\t4\t"q"\n', ab([[1, 2], [3, 4]], ['p', 'q']), '\t'],
  ['a NUL in a number', 'a,b,y\n1,2,p\n3,4\u0000,q\n', { error: 'DataError: d.csv line 3, column "b": "4\\u0000" is not a number (column "b" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)' }],
  ['line breaks of every kind in one file', 'a,b,y\r\n1,2,p\n3,4,q\r\n5,6,r\r7,8,s\n', ab([[1, 2], [3, 4], [5, 6], [7, 8]], ['p', 'q', 'r', 's'])],
  ['line breaks of every kind, and a word on the line after a lone "\\r"', 'a,b,y\r\n1,2,p\n3,4,q\r\n5,6,r\r7,x,s\n', { error: 'DataError: d.csv line 5, column "b": "x" is not a number (column "b" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)' }],
  ['an old Mac file (lone "\\r")', 'a,b,y\r1,2,p\r3,4,q\r', ab([[1, 2], [3, 4]], ['p', 'q'])],
  ['a quote inside a field not quoted', 'a,b,y\n1,2,p\n3,4,ab"c\n5,6,q\n', { error: 'FormatError: d.csv line 3, column "y": a quote inside a field that does not start with one, in "ab\\"c"; a field that holds a quote is written in quotes with each quote doubled ("a ""b"" c"), or remove the quote' }],
  ['a quote inside a number', 'a,b,y\n1,2"3,p\n', { error: 'FormatError: d.csv line 2, column "b": a quote inside a field that does not start with one, in "2\\"3"; a field that holds a quote is written in quotes with each quote doubled ("a ""b"" c"), or remove the quote' }],
  ['text after a closing quote', 'a,b,y\n1,2,"p"q\n', { error: 'FormatError: d.csv line 2, column "y": text after the closing quote of a quoted field, in "\\"p\\"q"; a quote inside a quoted field is doubled ("")' }],
  ['a space before a quoted field', 'a,b,y\n1, "2",p\n', { error: 'FormatError: d.csv line 2, column "b": a quote inside a field that does not start with one, in " \\"2\\""; a field that holds a quote is written in quotes with each quote doubled ("a ""b"" c"), or remove the quote' }],
  ['a quote never closed, with rows after it', 'a,b,y\n1,2,p\n3,4,"q\n5,6,r\n7,8,s\n', { error: 'FormatError: d.csv line 3, column "y": the quote that opens this field, "\\"q", is never closed, so the rest of the file (to line 5) would be one cell; close it, or double a quote that is part of the text ("")' }],
  ['a quote never closed on the last line, without a line break', 'a,b,y\r\n1,2,p\r\n3,4,"q', { error: 'FormatError: d.csv line 3, column "y": the quote that opens this field, "\\"q", is never closed, so the rest of the file (to line 3) would be one cell; close it, or double a quote that is part of the text ("")' }],
  ['a quote never closed in the header', 'a,"b,y\n1,2,p\n', { error: 'FormatError: d.csv line 1, field 2: the quote that opens this field, "\\"b,y", is never closed, so the rest of the file (to line 2) would be one cell; close it, or double a quote that is part of the text ("")' }],
  // A first line of spaces is a blank line, skipped as blank lines after the header are (pandas' skip_blank_lines); lines keep their numbers in the file.
  ['a first line of spaces and tabs, then the header', ' \t \na,b,y\n1,2,p\n3,4,q\n', ab([[1, 2], [3, 4]], ['p', 'q'])],
  ['blank lines and spaces before the header, and a word where a number is', '\n  \n\na,b,y\n1,2,p\n3,x,q\n', { error: 'DataError: d.csv line 6, column "b": "x" is not a number (column "b" is read as numbers: its cell on the first row, line 5, is a number; name it as categorical to read its cells as categories)' }],
  ['nothing but spaces', '  \n\t\n \n', { error: 'DataError: d.csv: empty, expected a header row of column names' }],
  ['a header that follows blank lines, with a name missing', '   \n\na,,y\n1,2,p\n', { error: 'DataError: d.csv line 3: column 2 has no name; every column needs one in the header row' }],
  // NUL is in no text: a binary file, or UTF-16 read as UTF-8. Refused in a label and in a category, plain or quoted.
  ['a NUL in a label', 'a,b,y\n1,2,p\n3,4,q\u0000\n', { error: 'DataError: d.csv line 3, column "y": "q\\u0000" holds a NUL character (U+0000), which text does not hold: the file is likely binary, or UTF-16 text read as UTF-8; if it is UTF-16, read it with encoding \"utf-16le\" (--encoding utf-16le on the command line), or save it as UTF-8' }],
  ['a NUL in a quoted label', 'a,b,y\n1,2,p\n3,4,"\u0000q"\n', { error: 'DataError: d.csv line 3, column "y": "\\u0000q" holds a NUL character (U+0000), which text does not hold: the file is likely binary, or UTF-16 text read as UTF-8; if it is UTF-16, read it with encoding \"utf-16le\" (--encoding utf-16le on the command line), or save it as UTF-8' }],
  ['a NUL in a category', 'a,b,y\n1,red,p\n2,bl\u0000ue,q\n', { error: 'DataError: d.csv line 3, column "b": "bl\\u0000ue" holds a NUL character (U+0000), which text does not hold: the file is likely binary, or UTF-16 text read as UTF-8; if it is UTF-16, read it with encoding \"utf-16le\" (--encoding utf-16le on the command line), or save it as UTF-8' }],
  // A record of several lines (a quoted field holding line breaks) is named by the line it starts on, as editors show it.
  ['a word in a row whose label spans three lines', 'a,b,y\n1,2,p\n3,x,"q\nr\ns"\n', { error: 'DataError: d.csv line 3, column "b": "x" is not a number (column "b" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)' }],
  ['a word in a row of "\\r\\n" lines whose label spans two, after another such', 'a,b,y\r\n1,2,"p\r\nq"\r\n3,x,"r\r\ns"\r\n', { error: 'DataError: d.csv line 4, column "b": "x" is not a number (column "b" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)' }],
  ['a row too short whose last field spans two lines', 'a,b,y\n1,2,p\n3,"4\r5"\n', { error: 'DataError: d.csv line 3: 2 fields, but the header has 3' }],
  ['a bad quote below a bad number: the number first, as read in order', 'a,b,y\n1,2,p\n3,x,q\n5,6,"r"s\n', { error: 'DataError: d.csv line 3, column "b": "x" is not a number (column "b" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)' }],
];

describe('hostile CSV, in every reader', () => {
  for (const [what, text, expected, delimiter] of CASES) {
    it(what, async () => {
      const got = await everyReader(text, delimiter);
      for (const [reader, outcome] of Object.entries(got)) expect(outcome, reader).toEqual(expected);
    });
  }
});

describe('a cell of 10 MB', () => {
  it('is read whole, quoted over lines or not, by the in-memory and the streaming readers (chunks of 64 KB)', async () => {
    const cell = 'x'.repeat(5_000_000) + '\n' + 'y'.repeat(5_000_000);
    const crlfCell = 'x'.repeat(500_000) + '\r\n' + 'y'.repeat(500_000); // 1 MB will do: csv-parse takes 0.4 s a read of 10 MB
    for (const [text, want] of [
      [`a,b,y\n1,2,"${cell}"\n3,4,q\n`, ab([[1, 2], [3, 4]], [cell, 'q'])],
      [`a,b,y\r\n1,2,"${crlfCell}"\r\n3,4,q\r\n`, ab([[1, 2], [3, 4]], [crlfCell, 'q'])],
    ] as const) {
      const bytes = encoder.encode(text);
      expect(await outcome(() => dataset(bytes))).toEqual(want);
      expect(await outcome(() => dataset(chunks(bytes, 65536)))).toEqual(want);
      expect(await outcome(() => columns(bytes))).toEqual(want);
      expect(await outcome(() => blocks(bytes, undefined, 65536))).toEqual(want);
      expect(await outcome(() => dataset([...chunks(bytes, 65536)].map((b) => new TextDecoder().decode(b))))).toEqual(want); // text in chunks
    }
    const plain = encoder.encode(`a,b,y\n1,2,${'z'.repeat(10_000_000)}\n3,4,q\n`);
    expect(await outcome(() => dataset(chunks(plain, 65536)))).toEqual(ab([[1, 2], [3, 4]], ['z'.repeat(10_000_000), 'q']));
  }, 60_000);
});
