/**
 * The data files the commands read: CSV (a header row of column names) or FANN's `.data` (by the
 * extension `.data` or `--format fann`; serialize's readFannData). A FANN file has no column
 * names: its inputs are x1 … xn and its outputs, the last numbers of each sample, are the targets.
 * A CSV file whose first line looks like FANN's "num_samples num_inputs num_outputs" gets a hint.
 */
import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { cellNumber, DataError, inferTask, isMissingCell, inferTaskOfCells, inferTaskOfNumbers, labelsFromOneHot, Matrix, oneHotOff, type Dataset, type DType, type MatrixDataset, type MissingName, type Model, type Task, type CategoricalInput } from '@bpnn/core';
import { byteOrderMark, chunkDecoder, datasetOf, readCsvColumns, readCsvDataset, readCsvInputs, readFannData, type ChunkDecoder, type CsvColumns } from '@bpnn/serialize';
import { UsageError } from '../exit-codes.js';
import { sourceName, streamInput } from '../files.js';

export type DataFormat = 'csv' | 'fann';
export const DATA_FORMATS: readonly DataFormat[] = ['csv', 'fann'];

/** The format of a data file: the flag's, else `fann` for the extension `.data`, else `csv`. */
export function dataFormat(file: string, flag?: DataFormat): DataFormat {
  return flag ?? (extname(file).toLowerCase() === '.data' ? 'fann' : 'csv');
}

/** How a command reads a CSV file: its --delimiter, --encoding, --decimal and --thousands. */
export interface CsvFlags {
  delimiter?: string;
  encoding?: string;
  decimal?: '.' | ',';
  thousands?: '.';
}

/**
 * --decimal and --thousands checked against --delimiter, as a usage error naming the flags: a comma
 * cannot both separate fields and mark decimals, and '.' groups digits only with --decimal ,.
 */
export function checkDecimalFlags(flags: CsvFlags): void {
  if (flags.decimal === ',' && (flags.delimiter ?? ',') === ',') {
    throw new UsageError('--decimal , needs a --delimiter other than ",": a comma cannot both separate fields and mark decimals; a file with decimal commas separates them with ";" (--delimiter ";")');
  }
  if (flags.thousands !== undefined && flags.decimal !== ',') throw new UsageError(`--thousands ${flags.thousands} groups digits only with --decimal ,`);
  if (flags.thousands !== undefined && flags.thousands === flags.delimiter) throw new UsageError(`--thousands ${flags.thousands} and --delimiter ${flags.delimiter} are the same mark; give one or the other`);
}

/** FANN's first line: three whole numbers separated by spaces. */
const FANN_FIRST_LINE = /^\s*\d+[ \t]+\d+[ \t]+\d+\s*$/;

/**
 * A CSV file's chunks and its first non-blank line (read ahead in `encoding`, or the one its
 * byte-order mark names, then given back in the stream), refused with a hint when that line is a
 * FANN header. Bytes that are not of the encoding are left for the reader to name.
 */
async function openCsv(file: string, delimiter = ',', encoding = 'utf-8'): Promise<{ chunks: AsyncIterable<Uint8Array>; header: string }> {
  const stream = streamInput(file)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let text = '';
  let done = false;
  let decoder: ChunkDecoder | undefined;
  while (!/\S[^\n]*\n/.test(text) && text.length < 65536) {
    const next = await stream.next();
    if (next.done === true) {
      done = true;
      break;
    }
    head.push(next.value);
    decoder ??= chunkDecoder(byteOrderMark(next.value) ?? encoding);
    try {
      text += decoder.decode(next.value, { stream: true });
    } catch {
      break; // readCsv… says where and why
    }
  }
  const header = text.replace(/^\s+/, '').split(/\r?\n/)[0];
  if (delimiter !== ' ' && delimiter !== '\t' && FANN_FIRST_LINE.test(header)) {
    throw new DataError(`${sourceName(file)}: the first line is ${JSON.stringify(header.trim())}: this looks like a FANN .data file; use --format fann or the .data extension`);
  }
  const chunks = (async function* () {
    yield* head;
    if (done) return;
    for (let next = await stream.next(); next.done !== true; next = await stream.next()) yield next.value;
  })();
  return { chunks, header };
}

export interface TrainingDataFlags {
  format?: DataFormat;
  target?: string[];
  features?: string[];
  /** CSV feature columns to read as categories, besides those whose first cell is a word. */
  categorical?: string[];
  /** mean: missing feature values are read (as NaN) for the training to fill. */
  missing?: MissingName;
  /** A model continued (--from): its columns of categories, read with its categories. */
  categories?: CategoricalInput[];
  /** A model continued that fills missing values: they are read (as NaN) for it to fill. */
  takeMissing?: boolean;
  task?: Task;
  delimiter?: string;
  /** The CSV's character encoding (--encoding), default utf-8. */
  encoding?: string;
  /** The CSV's decimal mark (--decimal), default '.'; and with ',', '.' as a thousands separator (--thousands). */
  decimal?: '.' | ',';
  thousands?: '.';
  /** The number type of the inputs matrix (the network's), default float64. */
  dtype?: DType;
}

/**
 * A training set and its task. One-hot target columns (every cell 0 or 1, or −1 or 1) are a
 * classification whose classes are the columns' names (FANN's outputs: 1 … m), unless the task
 * says regression. A FANN file with one output is a regression unless the task says otherwise;
 * a CSV's one target column is classified by inferTask.
 */
export async function readTrainingData(file: string, flags: TrainingDataFlags): Promise<{ data: Dataset; task: Task; how: string }> {
  const source = sourceName(file);
  const format = dataFormat(file, flags.format);
  let data: Dataset;
  if (format === 'fann') {
    if (flags.target !== undefined || flags.features !== undefined || flags.categorical !== undefined) {
      throw new UsageError(`--target, --features and --categorical name CSV columns; ${source} is FANN data, whose inputs are the first numbers of each sample and whose targets are its output numbers`);
    }
    data = await readFann(file, source, flags);
  } else {
    data = datasetOf(await readCsvTraining(file, flags));
  }
  const columns = format === 'fann' ? `the ${data.targetNames.length} output${data.targetNames.length > 1 ? 's' : ''}` : data.targetNames.join(', ');
  const oneHot = oneHotOff(data) !== null;
  if (oneHot && flags.task !== 'regression') {
    const named = format === 'fann' ? 'classes 1 … ' + data.targetNames.length + ', the output holding the 1' : 'classes named by the columns';
    const how = flags.task === undefined ? `classification: one-hot columns, ${named}; --task regression fits them as numbers` : `classification: one-hot columns, ${named}`;
    const classes = format === 'fann' ? fannClasses(data) : data;
    return { data: labelsFromOneHot(classes, { source, unit: format === 'fann' ? 'sample' : 'row' }), task: 'classification', how: `${columns} (${how})` };
  }
  if (flags.task === 'regression' && format === 'csv') checkNumericTargets(data, source, '--task regression');
  if (flags.task !== undefined) return { data, task: flags.task, how: `${columns} (${flags.task})` };
  if (format === 'fann') return { data, task: 'regression', how: `${columns} (regression: FANN outputs that are not one-hot; --task says otherwise)` };
  const task = inferTask(data.targets);
  return { data, task, how: `${columns} (${task}, inferred from its values; --task says otherwise)` };
}

/** A training CSV read as columns (serialize's readCsvColumns), its array sized from the file's size. */
async function readCsvTraining(file: string, flags: TrainingDataFlags): Promise<CsvColumns> {
  if (flags.target === undefined) throw new UsageError(`required option '-t, --target <columns>' not specified (a FANN .data file needs none)`);
  checkDecimalFlags(flags);
  const { chunks } = await openCsv(file, flags.delimiter, flags.encoding);
  let byteLength: number | undefined;
  try {
    const stat = file === '-' ? undefined : statSync(file);
    byteLength = stat?.isFile() === true ? stat.size : undefined;
  } catch {
    byteLength = undefined; // openCsv has opened it; a size is only a hint
  }
  const columns = flags.categories !== undefined ? { categories: flags.categories } : { categorical: flags.categorical };
  return readCsvColumns(chunks, { target: flags.target, features: flags.features, ...columns, missing: flags.missing === 'mean' || flags.takeMissing === true, source: sourceName(file), delimiter: flags.delimiter, encoding: flags.encoding, decimal: flags.decimal, thousands: flags.thousands, dtype: flags.dtype, byteLength });
}

/**
 * readTrainingData for `bpnn train`, which hands its data to the training thread and keeps none:
 * one numeric CSV target column that is a regression comes as a MatrixDataset (its numbers in one
 * array, no array per row); anything else as readTrainingData gives it.
 */
export async function readTrainingSet(file: string, flags: TrainingDataFlags): Promise<{ data: Dataset | MatrixDataset; task: Task; how: string }> {
  if (dataFormat(file, flags.format) === 'fann' || flags.target === undefined || flags.target.length !== 1) return readTrainingData(file, flags);
  const columns = await readCsvTraining(file, flags);
  const [column] = columns.targets;
  const name = columns.targetNames[0];
  // inferTask's answer: the distinct cells are the labels while the column codes them.
  const infer = () => {
    try {
      return column.labels !== null ? inferTaskOfCells(column.labels, columns.rows) : inferTaskOfNumbers(column.numbers);
    } catch (error) {
      // a missing value among numbers: named by its data row, which the library cannot see
      let r = 0;
      while (r < columns.rows && (Number.isFinite(column.numbers[r]) || !isMissingCell(String(column.cell(r)).trim()))) r++;
      if (error instanceof DataError && r < columns.rows) {
        throw new DataError(`${sourceName(file)} data row ${r + 1}, column ${JSON.stringify(name)}: ${JSON.stringify(String(column.cell(r)))} is a missing value among the target's numbers: a target cannot be missing; leave out those rows (or, if it is a class, give --task classification)`);
      }
      throw error;
    }
  };
  const task = flags.task ?? infer();
  const how = flags.task !== undefined ? `${name} (${flags.task})` : `${name} (${task}, inferred from its values; --task says otherwise)`;
  if (task !== 'regression') return { data: datasetOf(columns), task, how };
  const bad = column.numbers.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw notANumberTarget(sourceName(file), name, bad, column.cell(bad), '--task regression');
  // The column's own array (a view of a little more room), which moves to the training thread whole.
  const targets = new Matrix(columns.rows, 1, column.numbers);
  const categorical = columns.categorical.length > 0 ? { categorical: columns.categorical } : {};
  return { data: { inputNames: columns.inputNames, inputs: columns.inputs, targetNames: columns.targetNames, targets, ...categorical }, task, how };
}

/**
 * A labelled data set in the model's terms. CSV: the model's columns by name; a classifier's
 * target may also come as one 0/1 column per class, named by its labels. FANN: the inputs and
 * outputs by position; a classifier's outputs are one-hot (classes 1 … m) or one label.
 */
export async function readLabelled(model: Model, file: string, options: { format?: DataFormat } & CsvFlags = {}): Promise<Dataset> {
  const { delimiter, encoding, decimal, thousands } = options;
  const source = sourceName(file);
  if (dataFormat(file, options.format) === 'fann') return fannLabelled(model, await readFann(file, source, options), source);
  checkDecimalFlags(options);
  const { chunks, header } = await openCsv(file, delimiter, encoding);
  const labels = model.labels ?? [];
  const names = header.split(delimiter ?? ',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
  const oneHot = model.task === 'classification' && !names.includes(model.targetNames[0]) && labels.length > 1 && labels.every((l) => names.includes(l));
  // The file's columns as the model takes them: a categorical one as its categories.
  const columns = { features: model.inputColumns, categories: [...model.categorical], missing: model.fill !== undefined, source, delimiter, encoding, decimal, thousands };
  // A classifier's target cells are its classes: another is named by its line as the file is read.
  if (!oneHot) {
    const data = await readCsvDataset(chunks, { target: model.targetNames, ...columns, ...(model.labels !== undefined && { classes: model.labels }) });
    if (model.task === 'regression') checkNumericTargets(data, source, 'the model is a regression');
    return data;
  }
  const data = await readCsvDataset(chunks, { target: labels, ...columns });
  return labelsFromOneHot(data, { name: model.targetNames[0], source });
}

/**
 * A regression's target cell that is not a number, at its data row (counted from 1, blank lines
 * left out: the reader keeps no line numbers for a training file), saying why it must be one.
 */
function notANumberTarget(source: string, column: string, row: number, cell: string | number, why: string): DataError {
  return new DataError(`${source} data row ${row + 1}, column ${JSON.stringify(column)}: ${JSON.stringify(String(cell))} is not a number, and a regression's targets are numbers (${why})`);
}

/** The first target cell of a regression's data set that is not a number, as an error. */
function checkNumericTargets(data: Dataset, source: string, why: string): void {
  for (let r = 0; r < data.targets.length; r++) {
    const row = data.targets[r];
    for (let j = 0; j < row.length; j++) {
      if (!Number.isFinite(typeof row[j] === 'number' ? row[j] : cellNumber(String(row[j])))) throw notANumberTarget(source, data.targetNames[j], r, row[j], why);
    }
  }
}

/**
 * A FANN .data file, which must hold a sample: one whose first line announces 0 (`0 2 1`, as
 * fann_save_train writes an empty set) is refused as a CSV file with a header only is, rather
 * than met later as a network with no rows to train on or an empty list of predictions. A flag of
 * the CSV reader's (`csv`, not at its default) is refused rather than ignored.
 */
async function readFann(file: string, source: string, csv: CsvFlags): Promise<Dataset> {
  // The CSV reader's flags would be ignored: FANN's numbers are separated by spaces and written with a decimal point.
  const flag = csv.delimiter !== undefined && csv.delimiter !== ',' ? '--delimiter' : csv.decimal === ',' ? '--decimal' : csv.thousands !== undefined ? '--thousands' : csv.encoding !== undefined && csv.encoding !== 'utf-8' ? '--encoding' : undefined;
  if (flag !== undefined) throw new UsageError(`${flag} applies to CSV files; ${source} is FANN data, whose numbers are separated by spaces and written with a decimal point`);
  const data = await readFannData(streamInput(file), { source });
  if (data.targets.length === 0) throw new DataError(`${source}: has no samples (its first line announces 0)`);
  return data;
}

/** A model's inputs from a data file, for predict: CSV columns by name, FANN inputs by position. */
export async function readModelInputs(model: Model, file: string, options: { format?: DataFormat } & CsvFlags = {}): Promise<Matrix> {
  const source = sourceName(file);
  if (dataFormat(file, options.format) === 'fann') {
    const data = await readFann(file, source, options);
    checkFannInputs(model, data, source);
    return Matrix.from(data.inputs, 'inputs');
  }
  checkDecimalFlags(options);
  const { chunks } = await openCsv(file, options.delimiter, options.encoding);
  const columns = model.inputColumns;
  const ignore = [...model.targetNames, ...(model.labels ?? []).filter((l) => !columns.includes(l))];
  return (await readCsvInputs(chunks, { inputNames: model.inputNames, categories: model.categorical, missing: model.fill !== undefined, ignore, source, delimiter: options.delimiter, encoding: options.encoding, decimal: options.decimal, thousands: options.thousands })).inputs;
}

function checkFannInputs(model: Model, data: Dataset, source: string): void {
  const n = data.inputNames.length;
  if (n !== model.inputNames.length) {
    throw new DataError(`${source}: ${n} inputs per sample, but the model takes ${model.inputNames.length} (${model.inputNames.join(', ')})`);
  }
}

function fannLabelled(model: Model, data: Dataset, source: string): Dataset {
  checkFannInputs(model, data, source);
  const m = data.targetNames.length;
  const inputs = { ...data, inputNames: model.inputNames };
  if (model.task === 'regression') {
    if (m !== model.targetNames.length) throw new DataError(`${source}: ${m} outputs per sample, but the model predicts ${model.targetNames.length} (${model.targetNames.join(', ')})`);
    return { ...inputs, targetNames: model.targetNames };
  }
  if (m === 1) return { ...inputs, targetNames: model.targetNames };
  return labelsFromOneHot(fannClasses(inputs), { name: model.targetNames[0], source, unit: 'sample' });
}

/** FANN's one-hot outputs named as classes 1 … m, in output order (numbers sort as numbers, so the model's outputs keep that order). */
function fannClasses(data: Dataset): Dataset {
  return { ...data, targetNames: data.targetNames.map((_, j) => String(j + 1)) };
}
