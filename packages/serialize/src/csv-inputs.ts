/**
 * Prediction input from CSV: the columns a model takes, found by name in any order and returned
 * in the model's order. A column the model needs and the file lacks, or a column the file has and
 * the model does not take, is an error that names them; the CLI and the server read requests
 * through this.
 */
import { DataError, Matrix } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import { checkWidth, csvRecords, headerNames, isBlank, numericCell, type CsvSource } from './csv-records.js';

/** The options of {@link readCsvInputs}. */
export interface CsvInputsOptions {
  /** The model's input columns, in the model's order (`model.inputNames`). */
  inputNames: readonly string[];
  /** Columns to skip when present, usually `model.targetNames`, so a labelled file can be used. */
  ignore?: readonly string[];
  /** What to call the input in errors, usually the file name; default "CSV". */
  source?: string;
  /** The field separator, default ",". */
  delimiter?: string;
}

/** Prediction inputs read from CSV, and where each row came from. */
export interface CsvInputs {
  /** (rows, inputNames.length), columns in the model's order. */
  inputs: Matrix;
  /** The file line of each row, to point back at the input (blank lines are skipped). */
  lines: number[];
}

/** Names quoted and joined; a long list shows its first ones and how many there are in all. */
function listed(names: readonly string[], most = 12): string {
  const shown = names.length > most ? names.slice(0, most - 2) : names;
  const text = shown.map((n) => JSON.stringify(n)).join(', ');
  return shown.length < names.length ? `${text}, … (${names.length} in all)` : text;
}

/**
 * Reads the columns `inputNames` from CSV with a header row, in that order (the file's may
 * differ): the input of `model.predict`. A missing column, or one neither taken nor ignored, is a
 * DataError that names it.
 */
export async function readCsvInputs(input: CsvSource, options: CsvInputsOptions): Promise<CsvInputs> {
  checkOptions(options, optionNames<CsvInputsOptions>({ inputNames: true, ignore: true, source: true, delimiter: true }), 'readCsvInputs');
  const source = options.source ?? 'CSV';
  const ignore = new Set(options.ignore ?? []);
  const quoted = (names: readonly string[]) => listed(names);
  let header: string[] | undefined;
  let index: number[] = [];
  const values: number[] = [];
  const lines: number[] = [];
  for await (const { record, line } of csvRecords(input, source, options.delimiter)) {
    if (header === undefined) {
      header = headerNames(record, source, line);
      const missing = options.inputNames.filter((name) => !header!.includes(name));
      if (missing.length > 0) {
        throw new DataError(`${source}: missing the model's input column${missing.length > 1 ? 's' : ''} ${quoted(missing)}; the model takes ${quoted(options.inputNames)}`);
      }
      const known = new Set(options.inputNames);
      const extra = header.filter((name) => !known.has(name) && !ignore.has(name));
      if (extra.length > 0) {
        throw new DataError(`${source}: column${extra.length > 1 ? 's' : ''} ${quoted(extra)} ${extra.length > 1 ? 'are' : 'is'} not among the model's inputs (${quoted(options.inputNames)}); remove ${extra.length > 1 ? 'them' : 'it'} from the file`);
      }
      index = options.inputNames.map((name) => header!.indexOf(name));
      continue;
    }
    if (isBlank(record)) continue;
    checkWidth(record, header, source, line);
    for (const c of index) values.push(numericCell(record[c], source, line, header[c]));
    lines.push(line);
  }
  if (header === undefined) throw new DataError(`${source}: empty, expected a header row of column names`);
  if (lines.length === 0) throw new DataError(`${source}: has a header but no data rows`);
  return { inputs: new Matrix(lines.length, options.inputNames.length, Float64Array.from(values)), lines };
}
