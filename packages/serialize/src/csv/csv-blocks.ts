/**
 * A CSV data set read block by block and never held whole, for data larger than memory (the
 * CLI writes the blocks to a cache file that training streams from). The same parsing, checks and
 * errors as readCsvDataset (csv-scan.ts, csv-table.ts); memory holds one block and the table of
 * distinct target cells. Columns of categories need their categories before the first block: a
 * file that has them is a CategoriesFirstError until readCsvCategories has read them and
 * readCsvBlocks is given them (`categories`).
 */
import { ConfigError, DataError, DTYPES, show, type FloatArray } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import type { CsvDatasetOptions } from './csv.js';
import type { CsvSource } from './csv-records.js';
import { scanCsv } from './csv-scan.js';
import { csvEncoding } from './encoding.js';
import { numberFormat } from './decimal-comma.js';
import { maxRecordBytes } from './record-limit.js';
import { CsvTable } from './csv-table.js';
import { BLOCK_ROWS } from './csv-table-options.js';
import { categoryColumn, type CategoricalInput } from '@bpnn/core';

/** A run of consecutive rows of the file. */
export interface CsvBlock {
  /** Rows in the block. */
  rows: number;
  /** (rows, inputNames.length), in the dtype asked for; its memory is reused for the next block. */
  inputs: FloatArray;
  /** Row r's cell in target column j, as written (trimmed); past 65,536 distinct cells that are all numbers, its number as String writes it. */
  target(r: number, j: number): string;
  /** Row r's cell in target column j as a number: NaN when it is not one. */
  number(r: number, j: number): number;
  /** Row r's code in target column j: its index in that column's `labels`, or −1 for a column with too many distinct cells to code. */
  code(r: number, j: number): number;
}

/** What is known once the whole file is read. */
export interface CsvBlocksSummary {
  /** The inputs of a block: a column of categories as its 0/1 inputs, named `column=category`. */
  inputNames: string[];
  /** The columns of categories (the `categories` given), empty when none. */
  categorical: CategoricalInput[];
  targetNames: string[];
  rows: number;
  /** Per target column: its distinct cells in the order first seen (code i is labels[i]), or null when it had more than 65,536. */
  labels: (string[] | null)[];
}

/** The options of {@link readCsvBlocks}: readCsvDataset's, and the rows per block. */
export interface CsvBlocksOptions extends Omit<CsvDatasetOptions, 'categorical' | 'classes'> {
  /** Rows per block, default 16,384. */
  blockRows?: number;
}

/** Reads a CSV data set as readCsvDataset does, handing `onBlock` one block of rows at a time. */
export async function readCsvBlocks(input: CsvSource, options: CsvBlocksOptions, onBlock: (block: CsvBlock) => void): Promise<CsvBlocksSummary> {
  checkOptions(options, optionNames<CsvBlocksOptions>({ target: true, features: true, source: true, delimiter: true, decimal: true, thousands: true, encoding: true, maxRecordBytes: true, dtype: true, categories: true, missing: true, blockRows: true }), 'readCsvBlocks');
  const source = options.source ?? 'CSV';
  const targetNames = typeof options.target === 'string' ? [options.target] : [...options.target];
  const encoding = csvEncoding(options.encoding);
  const delimiter = options.delimiter ?? ',';
  const numbers = numberFormat(options.decimal, options.thousands, delimiter);
  const dtype = options.dtype ?? 'float64';
  if (!DTYPES.includes(dtype)) throw new ConfigError('dtype', `must be float32 or float64, got ${show(dtype)}`);
  const table = new CsvTable({
    source,
    targetNames,
    features: options.features,
    dtype,
    blockRows: options.blockRows ?? BLOCK_ROWS,
    keepText: false, // a regression target of many distinct numbers needs no string per cell
    detectCategorical: true, // so that a column of categories is named (CategoriesFirstError), not taken for a word where a number should be
    categories: options.categories,
    missing: options.missing === true,
    numbers,
    onBlock: (inputs, rows, targets) =>
      onBlock({ rows, inputs, target: (r, j) => String(targets[j].cell(r)), number: (r, j) => targets[j].number(r), code: (r, j) => targets[j].code(r) }),
  });
  await scanCsv(input, source, delimiter, table, encoding, maxRecordBytes(options.maxRecordBytes));
  table.flush();
  if (table.header === undefined) throw new DataError(`${source}: empty, expected a header row of column names`);
  if (table.rows === 0) throw new DataError(`${source}: has a header but no data rows`);
  const categorical = options.categories === undefined ? [] : options.categories.filter((c) => table.header!.includes(c.name)).map(({ name, categories }) => ({ name, categories: [...categories] }));
  const byName = new Map(categorical.map((c) => [c.name, c]));
  const inputNames = table.featureNames().flatMap((name) => byName.get(name)?.categories.map((k) => categoryColumn(name, k)) ?? [name]);
  return { inputNames, categorical, targetNames, rows: table.rows, labels: table.targets.map((column) => (column.coded ? [...column.labels] : null)) };
}

/** The options of {@link readCsvCategories}: readCsvDataset's that pick the columns. */
export type CsvCategoriesOptions = Pick<CsvDatasetOptions, 'target' | 'features' | 'source' | 'delimiter' | 'decimal' | 'thousands' | 'encoding' | 'maxRecordBytes' | 'categorical' | 'missing'>;

/**
 * The columns of categories of a CSV data set and their categories, as readCsvDataset would find
 * them (a word on the first row, or named in `categorical`), in one pass that keeps nothing but
 * the distinct cells: what readCsvBlocks then takes as `categories`. None: an empty list.
 */
export async function readCsvCategories(input: CsvSource, options: CsvCategoriesOptions): Promise<CategoricalInput[]> {
  checkOptions(options, optionNames<CsvCategoriesOptions>({ target: true, features: true, source: true, delimiter: true, decimal: true, thousands: true, encoding: true, maxRecordBytes: true, categorical: true, missing: true }), 'readCsvCategories');
  const source = options.source ?? 'CSV';
  const delimiter = options.delimiter ?? ',';
  const numbers = numberFormat(options.decimal, options.thousands, delimiter);
  const targetNames = typeof options.target === 'string' ? [options.target] : [...options.target];
  const table = new CsvTable({ source, targetNames, features: options.features, dtype: 'float32', keepText: false, detectCategorical: true, categorical: options.categorical, missing: options.missing === true, collectCategories: true, numbers, onBlock: () => {} });
  await scanCsv(input, source, delimiter, table, csvEncoding(options.encoding), maxRecordBytes(options.maxRecordBytes));
  if (table.header === undefined) throw new DataError(`${source}: empty, expected a header row of column names`);
  if (table.rows === 0) throw new DataError(`${source}: has a header but no data rows`);
  return table.categoriesRead();
}
