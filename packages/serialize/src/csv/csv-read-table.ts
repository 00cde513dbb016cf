/**
 * What readCsvDataset (csv.ts) and readCsvColumns (csv-columns.ts) share: their options, checked, the
 * whole input scanned into a CsvTable, and the errors of a file with no header or no rows.
 */
import { ConfigError, DataError, DTYPES, isMissingCell, listedCategories, show, type CategoricalInput, type DType } from '@bpnn/core';
import type { CsvSource } from './csv-records.js';
import { scanCsv } from './csv-scan.js';
import { csvEncoding } from './encoding.js';
import { numberFormat } from './decimal-comma.js';
import { maxRecordBytes } from './record-limit.js';
import { CsvTable, type CsvTableOptions } from './csv-table.js';
import { quoted } from './quoted.js';

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
  /**
   * The decimal mark of the file's numbers: "." (the default) or "," (`1,5`, `-0,25`, `1,5e3`, as
   * spreadsheets in much of Europe write them; decimal-comma.ts), which the delimiter must not be.
   * With ",", a feature or target cell with a point (`1.5`, `1.234,5`) is an error naming it,
   * unless `thousands` is ".".
   */
  decimal?: '.' | ',';
  /** With decimal ",": "." groups digits in threes (`1.234,5` is 1234.5). Default: no grouping mark. */
  thousands?: '.';
  /**
   * The character encoding of bytes (encoding.ts): "utf-8" (the default), "windows-1252" (alias
   * "latin1": Excel's "CSV" on Windows in Western Europe), "utf-16le", or another of CSV_ENCODINGS
   * or its labels. A byte-order mark decides over it. Bytes that are not of the encoding are a
   * FormatError naming their line, never U+FFFD. Text (a string) is read as it is.
   */
  encoding?: string;
  /**
   * The most one record may hold while it is read, in bytes (characters, for text): a record that
   * grows past it (a quote never closed) is a FormatError naming the line it starts on. Default
   * 256 MiB (record-limit.ts).
   */
  maxRecordBytes?: number;
  /** The number type of the inputs matrix, default float64; float32 (for a float32 network) halves its memory. */
  dtype?: DType;
  /**
   * Feature columns to read as categories, one 0/1 input column per category named
   * `column=category` (core's categories.ts), besides those found: a feature whose cell on the
   * first data row is not a number is read as categories. Default none but those.
   */
  categorical?: readonly string[];
  /**
   * A model's categorical columns (`model.categorical`), to read a file as the model takes it:
   * exactly these features are categories, with these categories; none is looked for.
   */
  categories?: readonly CategoricalInput[];
  /**
   * Take missing feature values: an empty cell, or NA, N/A, NaN, null, None or ? (any case), is NaN
   * in the inputs (in each 0/1 input of a column of categories), for `Model.train(data, { missing:
   * 'mean' })` or a model trained so. Default false: a missing value is an error naming its cell.
   */
  missing?: boolean;
  /**
   * A classifier's classes (`model.labels`), to read labelled data for it: every cell of the (one)
   * target column must be one of them; another is an error naming its line. Default: any.
   */
  classes?: readonly string[];
}

/** The option names of CsvDatasetOptions, for checkOptions. */
export const CSV_DATASET_OPTIONS = ['target', 'features', 'source', 'delimiter', 'decimal', 'thousands', 'encoding', 'maxRecordBytes', 'dtype', 'categorical', 'categories', 'missing', 'classes'] as const;

export interface ReadTable {
  table: CsvTable;
  targetNames: string[];
}

/** Scans `input` whole into a table of `options`' columns; `extra` tunes the table (csv-table.ts). */
export async function readCsvTable(input: CsvSource, options: CsvDatasetOptions, extra: Partial<CsvTableOptions> = {}): Promise<ReadTable> {
  const source = options.source ?? 'CSV';
  const { target } = options;
  const names = typeof target === 'string' ? [target] : target;
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string' || n === '')) {
    throw new ConfigError('target', `must be the target column's name or a list of at least one, such as 'species' or ['x', 'y'], got ${show(target)}`);
  }
  const targetNames = [...names] as string[];
  if (options.missing !== undefined && typeof options.missing !== 'boolean') throw new ConfigError('missing', `must be true or false, got ${show(options.missing)}`);
  const dtype = options.dtype ?? 'float64';
  if (!DTYPES.includes(dtype)) throw new ConfigError('dtype', `must be float32 or float64, got ${show(dtype)}`);
  if (options.categorical !== undefined && options.categories !== undefined) throw new ConfigError('categorical', 'cannot be given with categories (a model\'s, which say which columns are categories)');
  if (options.categorical !== undefined && (!Array.isArray(options.categorical) || options.categorical.some((c) => typeof c !== 'string'))) {
    throw new ConfigError('categorical', `must be a list of column names, got ${show(options.categorical)}`);
  }
  const { categorical, categories, classes } = options;
  if (classes !== undefined) {
    if (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string')) throw new ConfigError('classes', `must be a list of class labels, got ${show(classes)}`);
    if (targetNames.length !== 1) throw new ConfigError('classes', `are the classes of one target column, got ${targetNames.length} targets (${targetNames.join(', ')})`);
  }
  const missing = options.missing === true;
  const encoding = csvEncoding(options.encoding);
  const delimiter = options.delimiter ?? ',';
  const numbers = numberFormat(options.decimal, options.thousands, delimiter);
  const keepLines = categories !== undefined || classes !== undefined;
  const table = new CsvTable({ source, targetNames, features: options.features, dtype, detectCategorical: true, categorical, categories, missing, numbers, ...(keepLines && { keepLines: true }), ...extra });
  await scanCsv(input, source, delimiter, table, encoding, maxRecordBytes(options.maxRecordBytes));
  if (table.header === undefined) throw new DataError(`${source}: empty, expected a header row of column names`);
  if (table.rows === 0) throw new DataError(`${source}: has a header but no data rows`);
  if (classes !== undefined) checkClasses(table, targetNames[0], classes, source);
  return { table, targetNames };
}

/** Every target cell one of `classes` (as core reads a label: a number as String writes it), else an error at its first line. */
function checkClasses(table: CsvTable, name: string, classes: readonly string[], source: string): void {
  const known = new Set(classes);
  const column = table.targets[0];
  const lines = table.rowLines();
  for (let r = 0; r < table.rows; r++) {
    const cell = column.cell(r);
    const label = typeof cell === 'number' ? String(cell) : cell;
    if (known.has(label)) continue;
    const missing = isMissingCell(label) ? '; a target cannot be missing' : '';
    throw new DataError(`${source} line ${lines[r]}, column ${quoted(name)}: ${quoted(label)} is not a class the model knows (${listedCategories({ name, categories: classes })})${missing}`);
  }
}
