/**
 * Data sets from CSV: a header row of column names, one sample per row. Parsing is csv-parse's
 * (csv-records.ts); this file turns its records into a core Dataset and says exactly where any
 * bad cell is. Input is a string, bytes, or an async iterable of chunks, so a large file streams.
 */
import { DataError, Matrix, type Dataset } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import { checkWidth, columnIndex, csvRecords, headerNames, isBlank, numericCell, type CsvSource } from './csv-records.js';

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
}

/** Reads a CSV data set: numeric input columns and target columns kept as written. */
export async function readCsvDataset(input: CsvSource, options: CsvDatasetOptions): Promise<Dataset> {
  checkOptions(options, optionNames<CsvDatasetOptions>({ target: true, features: true, source: true, delimiter: true }), 'readCsvDataset');
  const source = options.source ?? 'CSV';
  const targetNames = typeof options.target === 'string' ? [options.target] : [...options.target];
  let header: string[] | undefined;
  let featureIndex: number[] = [];
  let targetIndex: number[] = [];
  const values: number[] = [];
  const targets: string[][] = [];
  for await (const { record, line } of csvRecords(input, source, options.delimiter)) {
    if (header === undefined) {
      header = headerNames(record, source, line);
      targetIndex = targetNames.map((name) => columnIndex(header!, name, source, 'target'));
      const featureNames = options.features ?? header.filter((name) => !targetNames.includes(name));
      featureIndex = featureNames.map((name) => columnIndex(header!, name, source, 'feature'));
      const both = featureNames.filter((name) => targetNames.includes(name));
      if (both.length > 0) throw new DataError(`${source}: column ${JSON.stringify(both[0])} cannot be both a feature and a target`);
      if (featureIndex.length === 0) throw new DataError(`${source}: no feature columns left besides the target ${targetNames.join(', ')}`);
      continue;
    }
    if (isBlank(record)) continue;
    checkWidth(record, header, source, line);
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
