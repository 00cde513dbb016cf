/**
 * A CSV data set as columns, for a caller that trains on it at scale (the CLI): the inputs matrix as
 * readCsvDataset reads it, and each target column as numbers and codes rather than an array per
 * row. A column of more than MAX_CODED distinct cells that are all numbers keeps only its numbers
 * (label-column.ts), so a million regression targets are 8 MB. `datasetOf` gives the Dataset
 * readCsvDataset gives, for what needs rows.
 */
import { checkOptions, Matrix, type CategoricalInput, type Dataset } from '@bpnn/core';
import type { CsvSource } from './csv-records.js';
import { CSV_DATASET_OPTIONS, readCsvTable, type CsvDatasetOptions } from './csv-read-table.js';
import { sharedRows, type LabelColumn } from './label-column.js';

/** A target column as read. */
export interface CsvTargetColumn {
  /** Each row's cell as a number, NaN when it is not one, (rows). */
  numbers: Float64Array;
  /** The distinct cells, first seen first, and each row's code into them; null past 65,536 distinct cells. */
  labels: string[] | null;
  codes: Uint32Array | null;
  /** Row r's cell: as written, or its number in a column that keeps only numbers. */
  cell(r: number): string | number;
}

/** What {@link readCsvColumns} reads: the input columns as one matrix, the target columns one by one. */
export interface CsvColumns {
  inputNames: string[];
  /** (rows, inputNames.length), in the dtype asked for. */
  inputs: Matrix;
  targetNames: string[];
  rows: number;
  targets: CsvTargetColumn[];
  /** The categorical input columns, whose 0/1 columns are among inputNames (none: empty). */
  categorical: CategoricalInput[];
}

/** The options of {@link readCsvColumns}: readCsvDataset's, and the input's size when known. */
export interface CsvColumnsOptions extends CsvDatasetOptions {
  /** The input's size in bytes (a file's), so that the inputs' array is allocated about once. */
  byteLength?: number;
}

/** Reads a CSV data set as readCsvDataset does (the same checks and errors), as columns. */
export async function readCsvColumns(input: CsvSource, options: CsvColumnsOptions): Promise<CsvColumns> {
  checkOptions(options, [...CSV_DATASET_OPTIONS, 'byteLength'], 'readCsvColumns');
  const { table, targetNames } = await readCsvTable(input, options, { byteLength: options.byteLength, keepText: false });
  const inputs = table.inputs();
  return {
    inputNames: inputs.inputNames,
    inputs: new Matrix(table.rows, inputs.inputNames.length, inputs.data),
    targetNames,
    rows: table.rows,
    targets: table.targets.map(targetColumn),
    categorical: inputs.categorical,
  };
}

function targetColumn(column: LabelColumn): CsvTargetColumn {
  return { numbers: column.numberArray(), labels: column.coded ? column.labels : null, codes: column.codeArray(), cell: (r) => column.cell(r) };
}

/** The columns as a Dataset: readCsvDataset's, but for a column that keeps only numbers, whose cells are numbers. */
export function datasetOf(columns: CsvColumns): Dataset {
  const { rows, targets } = columns;
  const codes = targets.length === 1 ? targets[0].codes : null;
  return {
    inputNames: columns.inputNames,
    inputs: columns.inputs,
    targetNames: columns.targetNames,
    targets: codes !== null ? sharedRows(targets[0].labels!, codes) : Array.from({ length: rows }, (_, r) => targets.map((column) => column.cell(r))),
    ...(columns.categorical.length > 0 && { categorical: columns.categorical }),
  };
}
