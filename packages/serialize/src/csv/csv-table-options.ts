/**
 * What a CSV table (csv-table.ts) is asked to read: the columns by name, the dtype of the inputs'
 * array, and how rows are kept (all of them, or in blocks handed over as they fill).
 */
import type { CategoricalInput, DType, FloatArray } from '@bpnn/core';
import type { NumberFormat } from './decimal-comma.js';
import type { LabelColumn } from './label-column.js';

/** Rows in a block of features. */
export const BLOCK_ROWS = 16384;

export interface CsvTableOptions {
  source: string;
  targetNames: readonly string[];
  features?: readonly string[];
  dtype: DType;
  blockRows?: number;
  /**
   * Receives each full block, (rows, inputs) exactly (a column of categories as its 0/1 inputs, with
   * `categories`), and the target columns holding its rows (and the last, short block on flush()):
   * the table then keeps nothing of its rows but the labels seen.
   */
  onBlock?: (block: FloatArray, rows: number, targets: readonly LabelColumn[]) => void;
  /** The input's size in bytes, when known: the inputs' array is then sized from it (without onBlock). */
  byteLength?: number;
  /** Keep each row's line in the file (rowLines()); without onBlock. Default false. */
  keepLines?: boolean;
  /** Keep each target cell as written (as readCsvDataset gives them); false keeps a column of numbers as numbers only. Default true. */
  keepText?: boolean;
  /**
   * Read a feature column as categories (one 0/1 input per category, categories.ts in core) when
   * its cell on the first data row is not a number. Default false: every feature is a number.
   */
  detectCategorical?: boolean;
  /** Feature columns to read as categories whatever their first cell. */
  categorical?: readonly string[];
  /**
   * A model's categorical columns: exactly these are read as categories, each with these
   * categories in this order, and a cell that is none of them is an error naming its line.
   */
  categories?: readonly CategoricalInput[];
  /**
   * Take missing feature values (empty cells, NA, N/A, NaN, null, None, ?): NaN in the inputs, and
   * in each 0/1 input of a column of categories. Default false: they are errors. Targets are never missing.
   */
  missing?: boolean;
  /**
   * With onBlock: read the columns of categories only to learn their categories (categoriesRead()),
   * handing over blocks of the numeric features alone. Default false.
   */
  collectCategories?: boolean;
  /**
   * Numbers written with a decimal comma (decimal-comma.ts): each feature and target cell is read
   * as its decimal-point twin (on the plain fast path, a plain decimal with `,` as its point).
   */
  numbers?: NumberFormat;
}
