/**
 * CSV records with their line numbers, parsed by csv-parse from a string, bytes, or (async)
 * iterables of chunks (so a large file streams), and the checks that both CSV readers share:
 * the header, numeric cells, columns by name. Errors name the file, the line and the column.
 */
import { Readable } from 'node:stream';
import { BpnnError, DataError, FormatError } from '@bpnn/core';
import { parse, type Info } from 'csv-parse';

/** CSV input: the whole text, its bytes (UTF-8), or chunks of either, so that a large file streams. */
export type CsvSource = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** csv-parse's records with their line numbers; a malformed file is a FormatError. */
export async function* csvRecords(input: CsvSource, source: string, delimiter = ','): AsyncGenerator<{ record: string[]; line: number }> {
  const stream = typeof input === 'string' || input instanceof Uint8Array ? Readable.from([input]) : Readable.from(input);
  const parser = stream.pipe(parse({ info: true, relax_column_count: true, bom: true, skip_empty_lines: true, delimiter }));
  // pipe does not pass on the source's errors: an input that fails while it is read (a file that
  // cannot be read further) must reach the loop below, not crash the process as an unhandled event.
  stream.on('error', (error) => parser.destroy(error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) yield { record, line: info.lines };
  } catch (error) {
    if (error instanceof BpnnError) throw error; // a bad value, or the input's own error, as it is
    const message = error instanceof Error ? error.message : String(error);
    throw new FormatError(`${source}: not valid CSV: ${message}`);
  } finally {
    stream.destroy();
  }
}

/** The header row's names, trimmed; empty or repeated names are errors (a column must be nameable). */
export function headerNames(record: string[], source: string, line: number): string[] {
  const names = record.map((name) => name.trim());
  names.forEach((name, c) => {
    if (name === '') throw new DataError(`${source} line ${line}: column ${c + 1} has no name; every column needs one in the header row`);
    const first = names.indexOf(name);
    if (first !== c) throw new DataError(`${source} line ${line}: columns ${first + 1} and ${c + 1} are both named ${JSON.stringify(name)}; rename one`);
  });
  return names;
}

/** True for a line with nothing in it but spaces. */
export function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0].trim() === '';
}

/** A row as wide as the header, or a DataError naming the line. */
export function checkWidth(record: string[], header: string[], source: string, line: number): void {
  if (record.length !== header.length) {
    throw new DataError(`${source} line ${line}: ${record.length} fields, but the header has ${header.length}`);
  }
}

export function numericCell(cell: string, source: string, line: number, column: string): number {
  const text = cell.trim();
  if (text === '') throw new DataError(`${source} line ${line}, column ${JSON.stringify(column)}: missing value`);
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new DataError(`${source} line ${line}, column ${JSON.stringify(column)}: ${JSON.stringify(cell)} is not a number`);
  }
  return value;
}

export function columnIndex(header: string[], name: string, source: string, role: string): number {
  const index = header.indexOf(name);
  if (index < 0) {
    throw new DataError(`${source}: no ${role} column ${JSON.stringify(name)}; the columns are ${header.map((h) => JSON.stringify(h)).join(', ')}`);
  }
  return index;
}
