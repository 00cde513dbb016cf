/**
 * Data sets from CSV: a header row of column names, one sample per row. Parsing is csv-parse's;
 * this file turns its records into a core Dataset and says exactly where any bad cell is.
 * Input is a string, bytes, or an async iterable of chunks, so a large file streams.
 */
import { Readable } from 'node:stream';
import { DataError, FormatError, Matrix, type Dataset } from '@bpnn/core';
import { parse, type Info } from 'csv-parse';

export type CsvSource = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface CsvDatasetOptions {
  /** The target column(s), by header name. */
  target: string | readonly string[];
  /** The input columns, by header name; default every column that is not a target. */
  features?: readonly string[];
  /** What to call the input in errors, usually the file name; default "CSV". */
  source?: string;
}

/** Reads a CSV data set: numeric input columns and target columns kept as written. */
export async function readCsvDataset(input: CsvSource, options: CsvDatasetOptions): Promise<Dataset> {
  const source = options.source ?? 'CSV';
  const targetNames = typeof options.target === 'string' ? [options.target] : [...options.target];
  let header: string[] | undefined;
  let featureIndex: number[] = [];
  let targetIndex: number[] = [];
  const values: number[] = [];
  const targets: string[][] = [];
  for await (const { record, info } of records(input, source)) {
    if (header === undefined) {
      header = record.map((name) => name.trim());
      targetIndex = targetNames.map((name) => columnIndex(header!, name, source, 'target'));
      const featureNames = options.features ?? header.filter((name) => !targetNames.includes(name));
      featureIndex = featureNames.map((name) => columnIndex(header!, name, source, 'feature'));
      const both = featureNames.filter((name) => targetNames.includes(name));
      if (both.length > 0) throw new DataError(`${source}: column ${JSON.stringify(both[0])} cannot be both a feature and a target`);
      if (featureIndex.length === 0) throw new DataError(`${source}: no feature columns left besides the target ${targetNames.join(', ')}`);
      continue;
    }
    const line = info.lines;
    if (record.length === 1 && record[0].trim() === '') continue; // a blank line
    if (record.length !== header.length) {
      throw new DataError(`${source} line ${line}: ${record.length} fields, but the header has ${header.length}`);
    }
    for (const c of featureIndex) values.push(numericCell(record[c], source, line, header[c]));
    targets.push(
      targetIndex.map((c) => {
        const cell = record[c].trim();
        if (cell === '') throw new DataError(`${source} line ${line}, column ${JSON.stringify(header![c])}: missing value`);
        return cell;
      }),
    );
  }
  if (header === undefined) throw new DataError(`${source}: empty, expected a header row of column names`);
  if (targets.length === 0) throw new DataError(`${source}: has a header but no data rows`);
  const inputNames = featureIndex.map((c) => header![c]);
  return {
    inputNames,
    inputs: new Matrix(targets.length, inputNames.length, Float64Array.from(values)),
    targetNames,
    targets,
  };
}

function numericCell(cell: string, source: string, line: number, column: string): number {
  const text = cell.trim();
  if (text === '') throw new DataError(`${source} line ${line}, column ${JSON.stringify(column)}: missing value`);
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new DataError(`${source} line ${line}, column ${JSON.stringify(column)}: ${JSON.stringify(cell)} is not a number`);
  }
  return value;
}

function columnIndex(header: string[], name: string, source: string, role: string): number {
  const index = header.indexOf(name);
  if (index < 0) {
    throw new DataError(`${source}: no ${role} column ${JSON.stringify(name)}; the columns are ${header.map((h) => JSON.stringify(h)).join(', ')}`);
  }
  return index;
}

/** csv-parse's records with their line numbers; a malformed file is a FormatError. */
async function* records(input: CsvSource, source: string): AsyncGenerator<{ record: string[]; info: Info }> {
  const stream = typeof input === 'string' || input instanceof Uint8Array ? Readable.from([input]) : Readable.from(input);
  const parser = stream.pipe(parse({ info: true, relax_column_count: true, bom: true, skip_empty_lines: true }));
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) yield item;
  } catch (error) {
    if (error instanceof DataError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new FormatError(`${source}: not valid CSV: ${message}`);
  } finally {
    stream.destroy();
  }
}
