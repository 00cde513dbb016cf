/**
 * CSV records with their line numbers, parsed by csv-parse from a string, bytes, or (async)
 * iterables of chunks (so a large file streams), and the checks that both CSV readers share:
 * the header, numeric cells, columns by name. Errors name the file, the line and the column.
 *
 * csv-parse's stream API is a Node stream, so this uses its synchronous entry on batches of whole
 * records (csv-parse-batch.ts): csvBatches (csv-batches.ts) cuts the text only after a line break
 * that is outside quotes, and each record's line is its line in the batch plus the lines before it.
 */
import { BpnnError, cellNumber, DataError, dtypeRange, FormatError, isMissingCell, MissingValueError, numberLike } from '@bpnn/core';
import { csvBatches, type CsvSource } from './csv-batches.js';
import { parseBatch } from './csv-parse-batch.js';
import { quoted, quotedInMessage } from './quoted.js';
import { decimalCommaRemedy } from './decimal-comma.js';

export type { CsvSource };

/** csv-parse's records with their line numbers; a malformed file is a FormatError. */
export async function* csvRecords(input: CsvSource, source: string, delimiter = ','): AsyncGenerator<{ record: string[]; line: number }> {
  let linesBefore = 0;
  for await (const batch of readBatches(input, source)) {
    yield* parseBatch(batch.text, linesBefore, source, delimiter);
    linesBefore += batch.lines;
  }
}

/** The batches of the input, its bytes in `encoding` (encoding.ts); the input's own failure (a file that cannot be read further) is a bpnn error. */
export async function* readBatches(input: CsvSource, source: string, encoding = 'utf-8', maxRecord?: number): AsyncGenerator<{ text: string; lines: number }> {
  try {
    yield* csvBatches(input, source, encoding, maxRecord);
  } catch (error) {
    if (error instanceof BpnnError) throw error; // the input's own error, as it is
    const message = error instanceof Error ? error.message : String(error);
    throw new FormatError(`${source}: not valid CSV: ${quotedInMessage(message)}`);
  }
}

/** The header row's names, trimmed; empty or repeated names are errors (a column must be nameable). */
export function headerNames(record: string[], source: string, line: number): string[] {
  const names = record.map((name) => name.trim());
  const first = new Map<string, number>(); // each name's first column (a file may have tens of thousands)
  names.forEach((name, c) => {
    if (name === '') throw new DataError(`${source} line ${line}: column ${c + 1} has no name; every column needs one in the header row${excelSeparatorHint(names) || trailingDelimiterHint(names, c)}`);
    const seen = first.get(name);
    if (seen !== undefined) throw new DataError(`${source} line ${line}: columns ${seen + 1} and ${c + 1} are both named ${quoted(name)}; rename one`);
    first.set(name, c);
  });
  return names;
}

/** True for a line with nothing in it but spaces. */
export function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0].trim() === '';
}

/**
 * The error of a text cell (a label, a category) that holds NUL, which no text does: the bytes of a
 * binary file, or of UTF-16 text (a NUL beside each ASCII character) read as UTF-8.
 */
export function nulError(cell: string, source: string, line: number, column: string): DataError {
  const why = 'the file is likely binary, or UTF-16 text read as UTF-8; if it is UTF-16, read it with encoding "utf-16le" (--encoding utf-16le on the command line), or save it as UTF-8';
  return new DataError(`${source} line ${line}, column ${quoted(column)}: ${quoted(cell)} holds a NUL character (U+0000), which text does not hold: ${why}`);
}

/** A row as wide as the header, or a DataError naming the line. */
export function checkWidth(record: string[], header: string[], source: string, line: number): void {
  if (record.length !== header.length) {
    throw new DataError(`${source} line ${line}: ${record.length} field${record.length === 1 ? '' : 's'}, but the header has ${header.length}`);
  }
}

/**
 * A feature cell as a number, or a DataError naming the line and column; `hint` replaces the word's
 * default hint. With `missing`, a cell that marks a missing value (isMissingCell) is NaN; without,
 * such a cell is a MissingValueError (`model`: the input of a trained model, which says so).
 */
export function numericCell(cell: string, source: string, line: number, column: string, hint?: string, missing = false, model = false): number {
  const text = cell.trim();
  if (missing && isMissingCell(text)) return NaN;
  if (text === '') throw missingValueError(source, line, column, model);
  const value = cellNumber(text);
  if (!Number.isFinite(value)) {
    if (isMissingCell(text)) throw new MissingValueError(`${source} line ${line}, column ${quoted(column)}: ${quoted(cell)} is not a number`, true, model);
    if (Math.abs(value) === Infinity && !/inf/i.test(text)) {
      // A number written out (1e400, or hundreds of digits) that a double holds only as ±Infinity.
      throw new DataError(`${source} line ${line}, column ${quoted(column)}: ${quoted(text)} is beyond ${dtypeRange('float64')}; divide the column by a power of ten`);
    }
    const like = numberLike(text);
    const why = like !== undefined ? ` (it is ${like}: write numbers with a decimal point and no separators or %${decimalCommaRemedy(like)})` : hint !== undefined && isWord(text, value) ? hint : categoryHint(text, value);
    throw new DataError(`${source} line ${line}, column ${quoted(column)}: ${quoted(cell)} is not a number${why}`);
  }
  return value;
}

/** The error of an empty feature cell where missing values are not taken. */
export function missingValueError(source: string, line: number, column: string, model = false): MissingValueError {
  return new MissingValueError(`${source} line ${line}, column ${quoted(column)}: missing value`, false, model);
}

/** For a word where a model takes a number (a file read with a model's columns, which are numbers there). */
function categoryHint(text: string, value: number): string {
  return isWord(text, value) ? ' (the model takes a number in this column: it was trained on numbers there)' : '';
}

/** A cell (trimmed) that is a word: not a number, nor NaN or infinity written out. */
export function isWord(text: string, value: number): boolean {
  return Number.isNaN(value) && !/^[+-]?(nan|inf(inity)?)$/i.test(text);
}

/**
 * Why a header does not hold the columns asked for, when the file says so: a header of one column
 * that holds another usual separator (`;` from a spreadsheet in a European locale, a tab), or NUL
 * characters (UTF-16 text, which Excel saves as "Unicode text"). '' when it says nothing.
 */
export function headerHint(header: readonly string[]): string {
  if (header.some((name) => name.includes('\u0000'))) return ' (the file looks like UTF-16 text, which has a NUL byte in every ASCII character: save it as UTF-8)';
  const excel = excelSeparatorHint(header);
  if (excel !== '') return excel;
  const separator = header.length === 1 ? [';', '\t', '|'].find((c) => header[0].includes(c)) : undefined;
  if (separator === undefined) return '';
  return ` (the header is one column that holds ${quoted(separator)}: if that separates the fields, read the file with delimiter ${quoted(separator)}, --delimiter on the command line)`;
}

/** For a header whose last name is empty: a delimiter at the end of the line, which some programs write on every line. */
function trailingDelimiterHint(names: readonly string[], c: number): string {
  return c === names.length - 1 && c > 0 ? ' (the header line ends with the delimiter: if every line does, remove the delimiter at the end of each line)' : '';
}

/** For a first line that is Excel's `sep=;` (which names the delimiter, and is no header): what to do. */
function excelSeparatorHint(header: readonly string[]): string {
  const what = "Excel's line that names the delimiter, and is no header";
  if (header.length === 2 && header[0] === 'sep=' && header[1] === '') return ` (line 1 is ${what}: delete that line)`; // split at the delimiter it names
  const match = header.length === 1 ? /^sep=(.)$/.exec(header[0]) : null;
  return match === null ? '' : ` (line 1, ${quoted(header[0])}, is ${what}: delete that line, and read the file with delimiter ${quoted(match[1])})`;
}

/** The column of `name` (found in `positions`, each name's column, when given), or a DataError listing the columns. */
export function columnIndex(header: string[], name: string, source: string, role: string, positions?: ReadonlyMap<string, number>): number {
  const index = positions?.get(name) ?? header.indexOf(name);
  if (index < 0) {
    throw new DataError(`${source}: no ${role} column ${quoted(name)}; the columns are ${header.map((h) => quoted(h)).join(', ')}${headerHint(header)}`);
  }
  return index;
}
