/**
 * Data sets from CSV: a header row of column names, one sample per row. Parsing is csv-scan.ts's
 * (csv-parse's, with a fast path for plain text); this file turns its records into a core Dataset and says exactly where any
 * bad cell is. Input is a string, bytes, or an async iterable of chunks, so a large file streams.
 */
import { checkOptions, Matrix, optionNames, type Dataset } from '@bpnn/core';
import type { CsvSource } from './csv-records.js';
import { readCsvTable, type CsvDatasetOptions } from './csv-read-table.js';
import { targetRows } from './label-column.js';

export type { CsvSource };

export type { CsvDatasetOptions };

/**
 * Reads a CSV data set: numeric input columns and target columns kept as written. Plain numeric
 * text is parsed straight into the inputs' typed array (csv-scan.ts, csv-table.ts); quoted fields
 * go through csv-parse.
 */
export async function readCsvDataset(input: CsvSource, options: CsvDatasetOptions): Promise<Dataset> {
  checkOptions(options, optionNames<CsvDatasetOptions>({ target: true, features: true, source: true, delimiter: true, dtype: true }), 'readCsvDataset');
  const { table, targetNames } = await readCsvTable(input, options);
  return {
    inputNames: table.inputNames,
    inputs: new Matrix(table.rows, table.inputNames.length, table.features()),
    targetNames,
    targets: targetRows(table.targets, table.rows),
  };
}
