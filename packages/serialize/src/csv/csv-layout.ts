/**
 * Where each column of a CSV file goes in a table (csv-table.ts): the header picks the feature and
 * target columns by name; a numeric feature has its place in a row of the inputs' array, and a
 * target or a column of categories is kept as codes (label-column.ts: the targets first, then the
 * columns of categories). With detectCategorical, the first data row decides, before it is read,
 * which features are categories (a word there), and a word below a number says why its column is
 * numbers.
 */
import { cellNumber, DataError, isMissingCell, numberLike } from '@bpnn/core';
import { columnIndex, headerNames, isWord } from './csv-records.js';
import type { CsvTableOptions } from './csv-table-options.js';
import { decimalCommaRemedy } from './decimal-comma.js';
import { LabelColumn } from './label-column.js';
import { quoted } from './quoted.js';

/**
 * A file read in blocks (onBlock) has columns of categories, whose categories must be known before
 * the first block: read them first (readCsvCategories) and read the blocks with them (`categories`).
 */
export class CategoriesFirstError extends DataError {
  constructor(
    source: string,
    readonly columns: readonly string[],
  ) {
    super(`${source}: column ${quoted(columns[0])} holds categories, which a read in blocks needs before its first block: read them first (readCsvCategories), then the blocks with them (categories)`);
  }
}

/** A feature in its place: a numeric one (its index in a row of the inputs) or a categorical one (its index among `coded`). */
export interface FeatureSlot {
  name: string;
  numeric: number;
  coded: number;
}

export class CsvLayout {
  header: string[] | undefined;
  /** The numeric features, in the order of a row of the inputs' array. */
  inputNames: string[] = [];
  /** Per file column: its index among the numeric features, or -1. */
  featureSlot = new Int32Array(0);
  /** Per file column: its index among `coded` (targets, then categorical features), or -1. */
  targetSlot = new Int32Array(0);
  /** The columns kept as codes: the targets, then the categorical features. */
  coded: LabelColumn[];
  /** The features in their order. */
  order: FeatureSlot[] = [];
  /** The categorical features' names, in the order of their coded columns after the targets. */
  categoricalNames: string[] = [];
  /** The first data row decides which features are categorical (detectCategorical), before it is read. */
  undecided: boolean;
  /** Each name's column in the header. */
  private positions = new Map<string, number>();
  private firstLine = 0;
  /** The first data row's feature cells (trimmed), by column: what decided that a column is numbers. */
  private readonly firstCells = new Map<string, string>();

  constructor(
    private readonly options: CsvTableOptions,
    readonly targets: readonly LabelColumn[],
  ) {
    this.coded = [...targets];
    this.undecided = options.detectCategorical === true && options.categories === undefined;
  }

  /** The header row on line `line`: the columns asked for found by name, or a DataError naming what is not. */
  setHeader(record: string[], line: number): void {
    const { source, targetNames } = this.options;
    const header = headerNames(record, source, line);
    const positions = new Map(header.map((name, c) => [name, c]));
    const targetIndex = targetNames.map((name) => columnIndex(header, name, source, 'target', positions));
    const featureNames = this.options.features ?? header.filter((name) => !targetNames.includes(name));
    const featureIndex = featureNames.map((name) => columnIndex(header, name, source, 'feature', positions));
    const both = featureNames.filter((name) => targetNames.includes(name));
    if (both.length > 0) throw new DataError(`${source}: column ${quoted(both[0])} cannot be both a feature and a target`);
    if (featureIndex.length === 0) throw new DataError(`${source}: no feature columns left besides the target ${targetNames.join(', ')}`);
    const categorical = this.options.categories?.map((column) => column.name) ?? this.options.categorical ?? [];
    for (const name of categorical) {
      if (featureNames.includes(name)) continue;
      const what = this.options.categories !== undefined ? `the model's column of categories ${quoted(name)} is not in the file` : `no feature column ${quoted(name)} to read as categories`;
      throw new DataError(`${source}: ${what}; the features are ${featureNames.map((h) => quoted(h)).join(', ')}`);
    }
    this.header = header;
    this.positions = positions;
    this.firstLine = line + 1;
    this.arrange(featureIndex, targetIndex, new Set(categorical));
  }

  /**
   * detectCategorical: the first data row's features that are words (not numbers, nor empty, NaN,
   * infinity or NA, ?, …) make their columns categorical. True when the columns were arranged again.
   */
  decide(record: string[], line: number): boolean {
    this.undecided = false;
    const categorical = new Set(this.categoricalNames);
    this.firstLine = line;
    for (const { name } of this.order) {
      const cell = record[this.positions.get(name)!].trim();
      this.firstCells.set(name, cell);
      // A mark of a missing value (NA, ?, …) says nothing of the column: it is read as numbers unless named.
      if (!isWord(cell, cellNumber(cell)) || isMissingCell(cell) || categorical.has(name)) continue;
      const like = numberLike(cell);
      if (like !== undefined) {
        throw new DataError(`${this.options.source} line ${line}, column ${quoted(name)}: ${quoted(cell)} is ${like}, which is not read as a number, and the column would become categories; write numbers with a decimal point and no separators or %, or name the column as categorical to read its cells as categories${decimalCommaRemedy(like)}`);
      }
      categorical.add(name);
    }
    if (categorical.size === this.categoricalNames.length) return false;
    const featureIndex = this.order.map(({ name }) => this.positions.get(name)!);
    const targetIndex = this.options.targetNames.map((name) => this.positions.get(name)!);
    this.arrange(featureIndex, targetIndex, categorical);
    return true;
  }

  /** For a word in a numeric feature when categories are detected: why the column is numbers, and how to say otherwise. */
  numberHint(column: string): string | undefined {
    if (this.options.detectCategorical !== true || this.options.categories !== undefined) return undefined;
    const first = this.firstCells.get(column) ?? '';
    const was = first === '' ? 'is empty' : isMissingCell(first) ? `is ${quoted(first)}, which marks a missing value` : 'is a number';
    return ` (column ${quoted(column)} is read as numbers: its cell on the first row, line ${this.firstLine}, ${was}; name it as categorical to read its cells as categories)`;
  }

  /** The slots of the features and targets, with the features in `categorical` read as categories; no row is read yet. */
  private arrange(featureIndex: readonly number[], targetIndex: readonly number[], categorical: ReadonlySet<string>): void {
    const header = this.header!;
    this.featureSlot = new Int32Array(header.length).fill(-1);
    this.targetSlot = new Int32Array(header.length).fill(-1);
    targetIndex.forEach((c, j) => (this.targetSlot[c] = j));
    this.coded = [...this.targets];
    this.categoricalNames = [];
    this.order = [];
    this.inputNames = [];
    for (const c of featureIndex) {
      const name = header[c];
      if (categorical.has(name)) {
        this.targetSlot[c] = this.coded.length;
        this.order.push({ name, numeric: -1, coded: this.coded.length });
        this.coded.push(new LabelColumn(true));
        this.categoricalNames.push(name);
      } else {
        this.featureSlot[c] = this.inputNames.length;
        this.order.push({ name, numeric: this.inputNames.length, coded: -1 });
        this.inputNames.push(name);
      }
    }
    const { onBlock, categories, collectCategories, source } = this.options;
    if (this.categoricalNames.length > 0 && onBlock !== undefined && categories === undefined && collectCategories !== true) {
      throw new CategoriesFirstError(source, this.categoricalNames);
    }
  }
}
