/**
 * Prediction input from CSV: the columns a model takes, found by name in any order and returned
 * in the model's order. A column the model needs and the file lacks, or a column the file has and
 * the model does not take, is an error that names them; the CLI and the server read requests
 * through this. Plain numeric text is read straight into the matrix (csv-scan.ts, csv-table.ts).
 */
import { ConfigError, DataError, Matrix, rawInputNames, show, type CategoricalInput } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import { checkWidth, headerHint, headerNames, isBlank, missingValueError, numericCell, type CsvSource } from './csv-records.js';
import { scanCsv } from './csv-scan.js';
import { csvEncoding } from './encoding.js';
import { CsvTable } from './csv-table.js';
import { numberFormat, type NumberFormat } from './decimal-comma.js';
import { maxRecordBytes } from './record-limit.js';
import { quoted } from './quoted.js';

/** The options of {@link readCsvInputs}. */
export interface CsvInputsOptions {
  /** The model's input columns, in the model's order (`model.inputNames`). */
  inputNames: readonly string[];
  /**
   * The model's categorical columns (`model.categorical`): the file has each as one column of
   * categories in place of its 0/1 inputs, and a category the model does not know is an error.
   */
  categories?: readonly CategoricalInput[];
  /** Take missing values (see readCsvDataset's `missing`), for a model that fills them (`model.fill !== undefined`). */
  missing?: boolean;
  /** Columns to skip when present, usually `model.targetNames`, so a labelled file can be used. */
  ignore?: readonly string[];
  /** What to call the input in errors, usually the file name; default "CSV". */
  source?: string;
  /** The field separator, default ",". */
  delimiter?: string;
  /** The decimal mark, "." (the default) or "," (see readCsvDataset's `decimal`). */
  decimal?: '.' | ',';
  /** With decimal ",": "." groups digits in threes (see readCsvDataset's `thousands`). */
  thousands?: '.';
  /** The character encoding of bytes, default "utf-8" (see readCsvDataset's `encoding`). */
  encoding?: string;
  /** The most one record may hold, default 256 MiB (see readCsvDataset's `maxRecordBytes`). */
  maxRecordBytes?: number;
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
  const text = shown.map((n) => quoted(n)).join(', ');
  return shown.length < names.length ? `${text}, … (${names.length} in all)` : text;
}

/**
 * The table readCsvInputs reads into (csv-table.ts, so plain numeric text is parsed straight from
 * the bytes): the header checked against the model's columns, and a row that needs its record read
 * checked cell by cell in the model's order, as readCsvInputs always has, so the first bad cell named
 * is the model's first.
 */
class InputsTable extends CsvTable {
  private index: number[] = [];

  private readonly categoricalColumns: ReadonlySet<string>;

  constructor(
    source: string,
    private readonly modelInputs: readonly string[],
    private readonly ignore: ReadonlySet<string>,
    categories: readonly CategoricalInput[] | undefined,
    private readonly missing: boolean,
    numbers: NumberFormat | undefined,
  ) {
    super({ source, targetNames: [], features: modelInputs, dtype: 'float64', keepLines: true, categories, missing, numbers });
    this.categoricalColumns = new Set((categories ?? []).map((c) => c.name));
  }

  protected override read(record: string[], line: number): void {
    const { source, modelInputs: inputNames } = this;
    if (isBlank(record)) return; // before the header too, as CsvTable skips it
    if (this.header === undefined) {
      const header = headerNames(record, source, line);
      const positions = new Map(header.map((name, c) => [name, c]));
      const missing = inputNames.filter((name) => !positions.has(name));
      if (missing.length > 0) {
        throw new DataError(`${source}: missing the model's input column${missing.length > 1 ? 's' : ''} ${listed(missing)}; the model takes ${listed(inputNames)}${headerHint(header)}`);
      }
      const known = new Set(inputNames);
      const extra = header.filter((name) => !known.has(name) && !this.ignore.has(name));
      if (extra.length > 0) {
        throw new DataError(`${source}: column${extra.length > 1 ? 's' : ''} ${listed(extra)} ${extra.length > 1 ? 'are' : 'is'} not among the model's inputs (${listed(inputNames)}); remove ${extra.length > 1 ? 'them' : 'it'} from the file`);
      }
      this.index = inputNames.map((name) => positions.get(name)!);
    } else {
      checkWidth(record, this.header, source, line);
      for (const c of this.index) {
        if (!this.categoricalColumns.has(this.header[c])) numericCell(record[c], source, line, this.header[c], undefined, this.missing, true);
        else if (!this.missing && record[c].trim() === '') throw missingValueError(source, line, this.header[c], true);
      }
    }
    super.read(record, line);
  }
}

/**
 * Reads the columns `inputNames` from CSV with a header row, in that order (the file's may
 * differ), a categorical column's cells as its 0/1 inputs: the input of `model.predict`. A missing column, or one neither taken nor ignored, is a
 * DataError that names it.
 */
export async function readCsvInputs(input: CsvSource, options: CsvInputsOptions): Promise<CsvInputs> {
  checkOptions(options, optionNames<CsvInputsOptions>({ inputNames: true, categories: true, missing: true, ignore: true, source: true, delimiter: true, decimal: true, thousands: true, encoding: true, maxRecordBytes: true }), 'readCsvInputs');
  const names = (value: unknown, field: string, what: string) => {
    if (!Array.isArray(value) || value.some((n) => typeof n !== 'string')) throw new ConfigError(field, `must be a list of column names (${what}), got ${show(value)}`);
    return value as readonly string[];
  };
  const inputNames = names(options.inputNames, 'inputNames', "the model's: model.inputNames, or model.inputColumns with categories");
  const ignore = options.ignore === undefined ? [] : names(options.ignore, 'ignore', 'usually model.targetNames');
  if (options.categories !== undefined && !Array.isArray(options.categories)) throw new ConfigError('categories', `must be a model's categorical columns (model.categorical), got ${show(options.categories)}`);
  if (options.missing !== undefined && typeof options.missing !== 'boolean') throw new ConfigError('missing', `must be true or false, got ${show(options.missing)}`);
  if (options.source !== undefined && typeof options.source !== 'string') throw new ConfigError('source', `must be a string (what to call the input in errors), got ${show(options.source)}`);
  const source = options.source ?? 'CSV';
  const encoding = csvEncoding(options.encoding);
  const categories = options.categories !== undefined && options.categories.length > 0 ? options.categories : undefined;
  // The 0/1 inputs (model.inputNames) or the columns they come from (model.inputColumns): either names the file's columns.
  const columns = categories === undefined ? inputNames : rawInputNames(inputNames, categories);
  const delimiter = options.delimiter ?? ',';
  const table = new InputsTable(source, columns, new Set(ignore), categories, options.missing === true, numberFormat(options.decimal, options.thousands, delimiter));
  await scanCsv(input, source, delimiter, table, encoding, maxRecordBytes(options.maxRecordBytes));
  if (table.header === undefined) throw new DataError(`${source}: empty, expected a header row of column names`);
  if (table.rows === 0) throw new DataError(`${source}: has a header but no data rows`);
  const { data } = table.inputs(); // (rows, the model's inputs: each column of categories as its 0/1 inputs)
  return { inputs: new Matrix(table.rows, data.length / table.rows, data), lines: Array.from(table.rowLines()) };
}
