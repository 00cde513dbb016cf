/**
 * A CSV table's columns of categories as the network takes them (csv-table.ts reads them as coded
 * text, label-column.ts): one 0/1 input per category, named `column=category` in the column's
 * place among the features, the categories sorted as core's sortCategories sorts them or given (a
 * model's). A missing category (with `missing`) is NaN in each of its column's inputs; a category
 * a model does not know, an identifier-like column and a clash of names are errors that say so.
 */
import { categoryColumn, categoryNameClash, DataError, isMissingCell, listedCategories, sortCategories, tooManyCategories, tooManyCategoriesAdvice, type CategoricalInput, type FloatArray } from '@bpnn/core';
import type { LabelColumn } from './label-column.js';
import { quoted } from './quoted.js';

/** A data set's inputs as the network takes them: columns of categories as their 0/1 inputs. */
export interface TableInputs {
  inputNames: string[];
  /** (rows, inputNames.length). */
  data: FloatArray;
  categorical: CategoricalInput[];
}

/** A table's features as read: numeric ones in rows of a block, columns of categories as codes. */
export interface ReadFeatures {
  /** What to call the input in errors. */
  source: string;
  rows: number;
  /** In the features' order: a numeric one (its place in a row of `block`) or a column of categories. */
  features: readonly ({ name: string; numeric: number } | { name: string; column: LabelColumn })[];
  /** (rows, numericWidth): the numeric features. */
  block: FloatArray;
  numericWidth: number;
  /** A new array of the inputs' dtype. */
  allocate: (length: number) => FloatArray;
  /** Each row's line in the file, when kept (for the error of an unknown category). */
  lines: Int32Array | null;
  /** Cells that mark a missing value are missing categories (core's isMissingCell). */
  missing: boolean;
  /** A model's categories: exactly these, in this order, for the columns of these names. */
  categories?: readonly CategoricalInput[];
}

/** The inputs of a table with columns of categories; see the file's comment. */
export function oneHotInputs(read: ReadFeatures): TableInputs {
  const { source, rows, missing } = read;
  const columns = read.features.filter((f): f is { name: string; column: LabelColumn } => 'column' in f);
  const given = new Map(read.categories?.map((c) => [c.name, c]));
  const categorical = columns.map(({ name, column }) => given.get(name) ?? categoriesOf(source, name, column, rows, missing));
  const index = new Map(columns.map(({ column }, k) => [column, k])); // a file may have tens of thousands of columns
  // Per column of categories, each code's place among its categories (−1: missing).
  const places = columns.map(({ column }, k) =>
    Int32Array.from(column.labels, (label) => {
      const place = categorical[k].categories.indexOf(label);
      if (place >= 0) return place;
      if (missing && isMissingCell(label)) return -1;
      throw unknownCategory(source, categorical[k], label, column, read.lines);
    }),
  );
  const inputNames = read.features.flatMap((f) => ('column' in f ? categorical[index.get(f.column)!].categories.map((c) => categoryColumn(f.name, c)) : [f.name]));
  const clash = categoryNameClash(inputNames, categorical);
  if (clash !== undefined) throw new DataError(`${source}: ${clash}`);
  // Each feature's source: its place in a block row, or (as −1 − k) its column of categories k.
  const from = read.features.map((f) => ('column' in f ? -1 - index.get(f.column)! : f.numeric));
  const width = inputNames.length;
  const out = read.allocate(rows * width);
  const { block, numericWidth } = read;
  for (let r = 0; r < rows; r++) {
    let at = r * width;
    for (const f of from) {
      if (f >= 0) out[at++] = block[r * numericWidth + f];
      else {
        const k = -1 - f;
        const count = categorical[k].categories.length;
        const place = places[k][columns[k].column.code(r)];
        if (place >= 0) out[at + place] = 1;
        else out.fill(NaN, at, at + count);
        at += count;
      }
    }
  }
  return { inputNames, data: out, categorical };
}

/**
 * The categories of a column of categories read whole (`rows` rows): its distinct cells but the
 * marks of missing values, sorted as core sorts them; too many (an identifier) or none is an error.
 */
export function categoriesOf(source: string, name: string, column: LabelColumn, rows: number, missing: boolean): CategoricalInput {
  const labels = missing ? column.labels.filter((label) => !isMissingCell(label)) : column.labels;
  if (tooManyCategories(labels.length, rows)) throw tooManyError(source, name, column, rows, missing);
  if (labels.length === 0) throw new DataError(`${source}, column ${quoted(name)}: no category in any row: every value is missing`);
  return { name, categories: sortCategories(labels) };
}

/** The error of a column too varied to be categories (core's tooManyCategories), at `line` while reading. */
export function tooManyError(source: string, name: string, column: LabelColumn, rows: number, missing: boolean, line?: number): DataError {
  const count = column.labels.filter((label) => !(missing && isMissingCell(label))).length;
  return new DataError(`${source}${line === undefined ? '' : ` line ${line}`}, column ${quoted(name)}: ${tooManyCategoriesAdvice(count, rows)}`);
}

/** A cell of a column read with a model's categories that is none of them, at its first row. */
function unknownCategory(source: string, column: CategoricalInput, label: string, coded: LabelColumn, lines: Int32Array | null): DataError {
  let r = 0;
  while (coded.labels[coded.code(r)] !== label) r++;
  const where = lines !== null ? `line ${lines[r]}` : `data row ${r + 1}`;
  return new DataError(`${source} ${where}, column ${quoted(column.name)}: ${quoted(label)} is not a category the model knows (${listedCategories(column)})`);
}
