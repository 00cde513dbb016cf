/**
 * A job's data set, from its CSV text or JSON rows, with every bad cell named. The training worker
 * reads it; the POST handler reads it too when it is small, and checks the job's options against
 * it, so that bad data or options are a 400 at once rather than a job that fails after its 202 (a
 * large CSV is left to the worker: parsing it on the event loop would hold up predictions).
 */
import { categoryColumn, categoryNameClash, categoryText, DataError, FormatError, Matrix, Model, show, sortCategories, tooManyCategories, tooManyCategoriesAdvice, type CategoricalInput, type Dataset } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import { trainOptions, type JobRequest } from './job-request.js';

/** CSV texts up to this many characters are checked before the job is queued (a few milliseconds). */
export const CHECKED_CSV_LENGTH = 256 * 1024;

export async function readJobData(request: JobRequest): Promise<Dataset> {
  if (request.csv === undefined) return datasetFromRows(request);
  const data = await readCsvDataset(request.csv, { target: request.target, features: request.features, delimiter: request.delimiter, decimal: request.decimal, thousands: request.thousands, missing: request.missing === 'mean', categorical: request.categorical, source: 'csv' });
  // JSON rows (predict's rows, explain's row, a job's rows) cannot carry this key (http/json-text.ts):
  // a model with such a column would take its inputs only by position.
  if ([...data.inputNames, ...data.targetNames, ...(data.categorical ?? []).map((column) => column.name)].includes('__proto__')) {
    throw new DataError('csv has a column named "__proto__", which names an object\'s prototype in JavaScript: no JSON row sent to this API can hold it (predict\'s rows, explain\'s row); rename the column');
  }
  return data;
}

/**
 * Throws the error a worker would fail with before its first epoch, for JSON rows and for CSV texts
 * up to CHECKED_CSV_LENGTH: a bad cell, or options the data cannot take (core's Model.check: a class
 * weight for no class, a hold-out that leaves no row, a loss the output cannot take, …).
 */
export async function checkJobData(request: JobRequest): Promise<void> {
  if (request.csv !== undefined && request.csv.length > CHECKED_CSV_LENGTH) return;
  let data: Dataset;
  try {
    data = await readJobData(request);
  } catch (error) {
    // Malformed CSV text is a bad request body (400), as a bad cell is; a FormatError's 422 is for model files.
    throw error instanceof FormatError ? new DataError(error.message) : error;
  }
  Model.check(data, trainOptions(request));
}

/**
 * A Dataset from JSON rows: inputs by name, targets as given; a bad cell is named. An input named
 * in `categorical`, or whose value in the first row is a string, is a column of categories (as a
 * CSV column whose first cell is a word): one 0/1 input per category, sorted as core sorts them;
 * its values must be strings or numbers (a number stands for its text). With `missing: 'mean'`, null (or a column left
 * out of a row) is a missing value: NaN, which the training fills.
 */
function datasetFromRows(request: JobRequest): Dataset {
  const rows = request.rows!;
  // A row's own cell, never one it inherits: a row without "toString" has no value there, not
  // Object.prototype's function.
  const cell = (row: (typeof rows)[number], name: string) => (Object.hasOwn(row, name) ? row[name] : undefined);
  const targetNames = typeof request.target === 'string' ? [request.target] : request.target;
  for (const name of targetNames) {
    if (!Object.hasOwn(rows[0], name)) throw new DataError(`rows[0] has no target column ${show(name)}`);
  }
  const columns = request.features ?? Object.keys(rows[0]).filter((key) => !targetNames.includes(key));
  if (columns.length === 0) throw new DataError(`rows have no feature columns besides the target ${targetNames.join(', ')}`);
  // Without features, the columns are rows[0]'s: a column that only a later row has is a mistake (a
  // typo, a shifted record), not a column to drop without a word. With features, the rest are left out.
  if (request.features === undefined) {
    const known = new Set([...columns, ...targetNames]);
    rows.forEach((row, r) => {
      const other = Object.keys(row).find((key) => !known.has(key));
      if (other !== undefined) throw new DataError(`rows[${r}] has a column ${show(other)} that rows[0] has not (the columns are ${[...known].map(show).join(', ')}); give every row the same columns, or name the inputs in features`);
    });
  }
  const missing = (value: unknown) => request.missing === 'mean' && (value === null || value === undefined);
  const named = new Set(request.categorical ?? []);
  for (const name of named) {
    if (!columns.includes(name)) throw new DataError(`categorical: no feature column ${show(name)} in the rows; the features are ${columns.map(show).join(', ')}`);
  }
  const firstValue = (name: string) => {
    const row = rows.find((one) => !missing(cell(one, name)));
    return row === undefined ? undefined : cell(row, name);
  };
  // A column of categories: one named in categorical, or with a string in the first row that has a value in it.
  const categorical: CategoricalInput[] = columns.filter((name) => named.has(name) || typeof firstValue(name) === 'string').map((name) => {
    const categories = sortCategories(rows.flatMap((row, r) => (missing(cell(row, name)) ? [] : [categoryOf(cell(row, name), r, name)])));
    if (tooManyCategories(categories.length, rows.length)) throw new DataError(`rows.${name}: ${tooManyCategoriesAdvice(categories.length, rows.length)}`);
    return { name, categories };
  });
  const byName = new Map(categorical.map((column) => [column.name, column]));
  const inputNames = columns.flatMap((name) => byName.get(name)?.categories.map((c) => categoryColumn(name, c)) ?? [name]);
  const clash = categoryNameClash(inputNames, categorical);
  if (clash !== undefined) throw new DataError(`rows: ${clash}`);
  const width = inputNames.length;
  const inputs = new Matrix(rows.length, width, new Float64Array(rows.length * width)); // (rows, inputs)
  const targets = rows.map((row, r) => {
    let c = 0;
    for (const name of columns) {
      const value = cell(row, name);
      const column = byName.get(name);
      const gap = missing(value); // NaN, which the training fills
      if (column !== undefined) {
        if (gap) inputs.data.fill(NaN, r * width + c, r * width + c + column.categories.length);
        else inputs.data[r * width + c + column.categories.indexOf(categoryOf(value, r, name))] = 1;
        c += column.categories.length;
        continue;
      }
      if (gap) {
        inputs.data[r * width + c++] = NaN;
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new DataError(`rows[${r}].${name} must be a finite number, got ${show(value)}${hintFor(value)}`);
      inputs.data[r * width + c++] = value;
    }
    return targetNames.map((name) => {
      const value = cell(row, name);
      if (value === undefined || value === null || value === '') throw new DataError(`rows[${r}].${name} is missing (a target)`);
      return value;
    });
  });
  return { inputNames, inputs, targetNames, targets, ...(categorical.length > 0 && { categorical }) };
}

/** A value of a column of categories: a non-empty string, or a number as its text. */
function categoryOf(value: unknown, r: number, name: string): string {
  const text = categoryText(value);
  if (text === undefined) throw new DataError(`rows[${r}].${name} must be a category (a string), got ${show(value)}${hintFor(value)}`);
  return text;
}

/** Why a value is refused, when the reason is not plain: a word in a column of numbers, or a missing value. */
function hintFor(value: unknown): string {
  if (value === null || value === undefined) return ' ("missing": "mean" fills missing values with their column\'s mean)';
  if (typeof value === 'string') return ' (the column holds a number in its first row, so it is numbers; a column of categories holds a string there)';
  return '';
}
