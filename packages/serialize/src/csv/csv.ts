/**
 * Data sets from CSV: a header row of column names, one sample per row. Parsing is csv-scan.ts's
 * (csv-parse's, with a fast path for plain text); this file turns its records into a core Dataset and says exactly where any
 * bad cell is. Input is a string, bytes, or an async iterable of chunks, so a large file streams.
 */
import { checkOptions, Matrix, type Dataset } from '@bpnn/core';
import type { CsvSource } from './csv-records.js';
import { CSV_DATASET_OPTIONS, readCsvTable, type CsvDatasetOptions } from './csv-read-table.js';
import { targetRows } from './label-column.js';

export type { CsvSource };

export type { CsvDatasetOptions };

/**
 * Reads a CSV data set: input columns of numbers or of categories (a column whose first cell is
 * not a number, or named in `categorical`: one 0/1 input per category, the data set's
 * `categorical` lists them), and target columns kept as written. Plain numeric text is parsed
 * straight into the inputs' typed array (csv-scan.ts, csv-table.ts); quoted fields go through
 * csv-parse.
 */
export async function readCsvDataset(input: CsvSource, options: CsvDatasetOptions): Promise<Dataset> {
  checkOptions(options, CSV_DATASET_OPTIONS, 'readCsvDataset');
  const { table, targetNames } = await readCsvTable(input, options);
  const inputs = table.inputs();
  return {
    inputNames: inputs.inputNames,
    inputs: new Matrix(table.rows, inputs.inputNames.length, inputs.data),
    targetNames,
    targets: targetRows(table.targets, table.rows),
    ...(inputs.categorical.length > 0 && { categorical: inputs.categorical }),
  };
}
