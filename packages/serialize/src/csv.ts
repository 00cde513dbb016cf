/**
 * Data sets from CSV: a header row of column names, one sample per row. Parsing is csv-scan.ts's
 * (csv-parse's, with a fast path for plain text); this file turns its records into a core Dataset and says exactly where any
 * bad cell is. Input is a string, bytes, or an async iterable of chunks, so a large file streams.
 */
import { ConfigError, DataError, DTYPES, Matrix, show, type Dataset, type DType } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import type { CsvSource } from './csv-records.js';
import { scanCsv } from './csv-scan.js';
import { CsvTable } from './csv-table.js';
import { targetRows } from './label-column.js';

export type { CsvSource };

/** The options of {@link readCsvDataset}. */
export interface CsvDatasetOptions {
  /** The target column(s), by header name. */
  target: string | readonly string[];
  /** The input columns, by header name; default every column that is not a target. */
  features?: readonly string[];
  /** What to call the input in errors, usually the file name; default "CSV". */
  source?: string;
  /** The field separator, default ","; ";" for files from locales with a decimal comma. */
  delimiter?: string;
  /** The number type of the inputs matrix, default float64; float32 (for a float32 network) halves its memory. */
  dtype?: DType;
}

/**
 * Reads a CSV data set: numeric input columns and target columns kept as written. Plain numeric
 * text is parsed straight into the inputs' typed array (csv-scan.ts, csv-table.ts); quoted fields
 * go through csv-parse.
 */
export async function readCsvDataset(input: CsvSource, options: CsvDatasetOptions): Promise<Dataset> {
  checkOptions(options, optionNames<CsvDatasetOptions>({ target: true, features: true, source: true, delimiter: true, dtype: true }), 'readCsvDataset');
  const source = options.source ?? 'CSV';
  const targetNames = typeof options.target === 'string' ? [options.target] : [...options.target];
  const dtype = options.dtype ?? 'float64';
  if (!DTYPES.includes(dtype)) throw new ConfigError('dtype', `must be float32 or float64, got ${show(dtype)}`);
  const table = new CsvTable({ source, targetNames, features: options.features, dtype });
  await scanCsv(input, source, options.delimiter ?? ',', table);
  if (table.header === undefined) throw new DataError(`${source}: empty, expected a header row of column names`);
  if (table.rows === 0) throw new DataError(`${source}: has a header but no data rows`);
  return {
    inputNames: table.inputNames,
    inputs: new Matrix(table.rows, table.inputNames.length, table.features()),
    targetNames,
    targets: targetRows(table.targets, table.rows),
  };
}
