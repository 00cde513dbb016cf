/**
 * The sink that turns a CSV file's records into a data set as they are read (csv-scan.ts): the
 * header picks the feature and target columns by name; each row's features are parsed straight
 * into a typed array of the chosen dtype, (rows, inputs), from the file's bytes when it comes as
 * bytes, and its target cells are kept as codes and numbers (label-column.ts). No array or string
 * per cell is kept. The array grows as rows come (by the share of the input read so far when its
 * size is known, so that it is allocated about once), or, with `onBlock`, is a block of
 * `blockRows` rows handed over when full and reused, so memory stays one block when streaming.
 *
 * Every check and error is the one csv-records.ts has always given: a plain line that fails a
 * check (a missing or non-numeric value, a wrong width) is read again as a record for the error.
 */
import { cellNumber, DataError, dtypeRange, finiteIn, isMissingCell, MAX_CATEGORIES, numberLike, type CategoricalInput, type DType, type FloatArray } from '@bpnn/core';
import { checkWidth, columnIndex, headerNames, isBlank, isWord, missingValueError, numericCell } from './csv-records.js';
import type { CsvSink } from './csv-sink.js';
import { notUtf8Error, placeOf } from './not-utf8.js';
import { firstInvalidUtf8 } from './utf8.js';
import { fieldDecimal, fieldEnd, plainDecimal } from './decimal.js';
import { LabelColumn } from './label-column.js';
import { categoriesOf, oneHotInputs, tooManyError, type TableInputs } from './csv-one-hot.js';
import { quoted } from './quoted.js';

export type { TableInputs };

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
}

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

/**
 * Cells of bytes as text: a batch's bytes are whole characters, and a mark at a cell's start is its
 * text. A lenient decoder (a fatal one is slower on text that is not ASCII, in Node 20), whose
 * U+FFFD text() checks.
 */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export class CsvTable implements CsvSink {
  header: string[] | undefined;
  inputNames: string[] = [];
  readonly targets: LabelColumn[];
  /** (capacity, inputs): the rows read (without onBlock), or the block being filled (with it), to `filled` rows. */
  block: FloatArray = new Float64Array(0);
  filled = 0;
  rows = 0;
  private featureSlot = new Int32Array(0); // per file column: its index among the numeric features, or -1
  private targetSlot = new Int32Array(0); // per file column: its index among the coded columns (targets, then categorical features), or -1
  /** The columns kept as codes: the targets, then the categorical features. */
  private coded: LabelColumn[];
  /** The features in their order, each a numeric one (its index in the block's row) or a categorical one (its index among `coded`). */
  private order: { name: string; numeric: number; coded: number }[] = [];
  /** The categorical features' names, in the order of their coded columns after the targets. */
  private categoricalNames: string[] = [];
  /** The first data row decides which features are categorical (detectCategorical), before it is read. */
  private undecided: boolean;
  private firstLine = 0;
  /** The first data row's feature cells (trimmed), by column: what decided that a column is numbers. */
  private readonly firstCells = new Map<string, string>();
  private readonly pending: string[]; // the target cells of the row being read
  private pendingValue: Float64Array; // and their numbers (NaN: ask the text)
  private readonly blockRows: number;
  private bytesSeen = 0; // the bytes of the rows read as bytes, to size the array from byteLength
  private lines: Int32Array | null; // (rows) each row's line in the file, with keepLines
  private expanded: FloatArray = new Float64Array(0); // with onBlock and a model's categories: the block as 0/1 inputs
  private readonly float32: boolean; // a number beyond float32's range is an error, not ±Infinity

  constructor(private readonly options: CsvTableOptions) {
    this.targets = options.targetNames.map(() => new LabelColumn(options.keepText ?? true));
    this.coded = [...this.targets];
    this.pending = options.targetNames.map(() => '');
    this.pendingValue = new Float64Array(options.targetNames.length);
    this.undecided = options.detectCategorical === true && options.categories === undefined;
    this.blockRows = options.blockRows ?? BLOCK_ROWS;
    this.lines = options.keepLines === true ? new Int32Array(1024) : null;
    this.float32 = options.dtype === 'float32';
  }

  record(record: string[], line: number): void {
    const { source } = this.options;
    if (this.header === undefined) return this.setHeader(record, line);
    if (isBlank(record)) return;
    const header = this.header;
    checkWidth(record, header, source, line);
    if (this.undecided) this.decide(record, line);
    const base = this.filled * this.inputNames.length;
    for (let c = 0; c < record.length; c++) {
      const k = this.featureSlot[c];
      const j = this.targetSlot[c];
      if (k >= 0) {
        const value = numericCell(record[c], source, line, header[c], this.numberHint(header[c]), this.options.missing === true);
        if (this.float32 && Number.isFinite(value) && !finiteIn(value, 'float32')) throw beyondFloat32(record[c], source, line, header[c]);
        this.block[base + k] = value;
      }
      else if (j >= 0) {
        let cell = record[c].trim();
        const feature = j >= this.targets.length;
        if (feature && this.options.missing === true && isMissingCell(cell)) cell = '';
        else if (cell === '') throw feature ? missingValueError(source, line, header[c]) : new DataError(`${source} line ${line}, column ${quoted(header[c])}: missing value`);
        this.pending[j] = cell;
        this.pendingValue[j] = NaN;
      }
    }
    this.commit(line);
  }

  plain(text: string, start: number, end: number, line: number, delimiter: string): void {
    const width = this.featureSlot.length;
    if (this.header === undefined || width === 0 || this.undecided) return this.record(text.slice(start, end).split(delimiter), line);
    const { block, featureSlot, targetSlot, pending } = this;
    const base = this.filled * this.inputNames.length;
    let c = 0; // fields read
    let ok = true;
    for (let from = start; ok; ) {
      let to = text.indexOf(delimiter, from);
      if (to < 0 || to > end) to = end;
      if (c === width) ok = false; // too many fields
      else if (featureSlot[c] >= 0) {
        let value = plainDecimal(text, from, to);
        if (value !== value) {
          // Not a plain decimal: Number ignores surrounding white space, as numericCell's trim does.
          const cell = text.slice(from, to);
          value = cellNumber(cell);
          if (!Number.isFinite(value) || (this.float32 && !finiteIn(value, 'float32'))) ok = false;
        }
        block[base + featureSlot[c]] = value;
      } else if (targetSlot[c] >= 0) {
        const cell = text.slice(from, to).trim();
        if (cell === '') ok = false;
        pending[targetSlot[c]] = cell;
        this.pendingValue[targetSlot[c]] = NaN;
      }
      c++;
      if (to === end) break;
      from = to + 1;
    }
    if (!ok || c !== width) return this.record(text.slice(start, end).split(delimiter), line);
    this.commit(line);
  }

  /** plain on bytes: numbers parsed from the bytes, text made only for a cell that needs it. */
  plainBytes(bytes: Uint8Array, start: number, end: number, line: number, delimiter: number): void {
    const width = this.featureSlot.length;
    if (this.header === undefined || width === 0 || this.undecided) return this.record(this.text(bytes, start, end, start, end, line, delimiter).split(String.fromCharCode(delimiter)), line);
    this.bytesSeen += end - start + 1;
    const { block, featureSlot, targetSlot, pending, pendingValue } = this;
    const base = this.filled * this.inputNames.length;
    let c = 0; // fields read
    let ok = true;
    for (let from = start; ok; ) {
      const value = fieldDecimal(bytes, from, end, delimiter); // NaN: not a plain decimal
      const to = fieldEnd.at;
      if (c === width) ok = false; // too many fields
      else if (featureSlot[c] >= 0) {
        let number = value;
        if (number !== number) {
          // Not a plain decimal: Number ignores surrounding white space, as numericCell's trim does.
          const cell = this.text(bytes, from, to, start, end, line, delimiter);
          number = cellNumber(cell);
          if (!Number.isFinite(number) || (this.float32 && !finiteIn(number, 'float32'))) ok = false;
        }
        block[base + featureSlot[c]] = number;
      } else if (targetSlot[c] >= 0) {
        const j = targetSlot[c];
        pendingValue[j] = value;
        // A column that keeps only numbers needs no text for a plain decimal; any other cell is read as text.
        if (value !== value || this.coded[j].needsText) {
          const cell = this.text(bytes, from, to, start, end, line, delimiter).trim();
          if (cell === '') ok = false;
          pending[j] = cell;
        }
      } else if (!fieldEnd.ascii && firstInvalidUtf8(bytes, from, to) >= 0) throw this.notUtf8(bytes, start, end, line, delimiter); // a column not read
      c++;
      if (to === end) break;
      from = to + 1;
    }
    if (!ok || c !== width) return this.record(this.text(bytes, start, end, start, end, line, delimiter).split(String.fromCharCode(delimiter)), line);
    this.commit(line);
  }

  /** The text of bytes[from, to) on the plain line bytes[start, end), or the error naming the first byte of the line that is not UTF-8. */
  private text(bytes: Uint8Array, from: number, to: number, start: number, end: number, line: number, delimiter: number): string {
    const text = decoder.decode(bytes.subarray(from, to));
    // U+FFFD is the decoder's for a byte that is not UTF-8, unless the bytes spell it (EF BF BD).
    if (text.indexOf('\uFFFD') >= 0 && firstInvalidUtf8(bytes, from, to) >= 0) throw this.notUtf8(bytes, start, end, line, delimiter);
    return text;
  }

  /** The error of the plain line bytes[start, end) that is not all UTF-8: its first bad byte, in its column (past the header). */
  private notUtf8(bytes: Uint8Array, start: number, end: number, line: number, delimiter: number) {
    const at = firstInvalidUtf8(bytes, start, end);
    const place = placeOf(bytes, start, end, at, delimiter);
    const column = this.header?.[place.field - 1];
    return notUtf8Error({ source: this.options.source, line, field: place.field, ...(column !== undefined && { column }), bytes, at, from: place.from, to: place.to });
  }

  private commit(line: number): void {
    if (this.lines !== null) {
      if (this.rows === this.lines.length) {
        const grown = new Int32Array(Math.max(1024, this.lines.length * 2));
        grown.set(this.lines);
        this.lines = grown;
      }
      this.lines[this.rows] = line;
    }
    for (let j = 0; j < this.pending.length; j++) {
      const value = this.pendingValue[j];
      if (!(value === value && this.coded[j].pushValue(value))) this.coded[j].push(this.pending[j], value === value ? value : undefined);
    }
    this.rows++;
    for (let j = this.targets.length; j < this.coded.length; j++) {
      if (this.coded[j].labels.length > MAX_CATEGORIES) throw this.tooMany(j - this.targets.length, line);
    }
    this.filled++;
    if (this.options.onBlock !== undefined) {
      if (this.filled === this.blockRows) this.flush();
    } else if (this.filled * this.inputNames.length === this.block.length) this.grow();
  }

  /**
   * With onBlock: hands it the rows read since the last block, if any; with a model's categories,
   * each column of categories as its 0/1 inputs, in the features' order (csv-one-hot.ts).
   */
  flush(): void {
    if (this.options.onBlock === undefined || this.filled === 0) return;
    const { categories } = this.options;
    const rows = this.filled;
    if (categories === undefined || this.categoricalNames.length === 0) this.options.onBlock(this.block.subarray(0, rows * this.inputNames.length), rows, this.targets);
    else {
      const features = this.order.map(({ name, numeric, coded }) => (numeric >= 0 ? { name, numeric } : { name, column: this.coded[coded] }));
      // The 0/1 inputs are written only where 1 (or NaN): the reused array starts each block at 0.
      const allocate = (length: number) => {
        if (this.expanded.length < length) this.expanded = this.newArray(Math.ceil(length / rows) * this.blockRows, 1);
        return this.expanded.fill(0, 0, length).subarray(0, length);
      };
      const block = oneHotInputs({ source: this.options.source, rows, features, block: this.block, numericWidth: this.inputNames.length, allocate, lines: null, missing: this.options.missing === true, categories });
      this.options.onBlock(block.data, rows, this.targets);
    }
    for (const column of this.coded) column.clearRows();
    this.filled = 0;
  }

  /**
   * With collectCategories, once the whole input is read: each column of categories with its
   * categories (sorted; too many, as in an identifier, or none is an error).
   */
  categoriesRead(): CategoricalInput[] {
    return this.categoricalNames.map((name, k) => categoriesOf(this.options.source, name, this.coded[this.targets.length + k], this.rows, this.options.missing === true));
  }

  /**
   * Room for more rows (without onBlock): as many as the input's size suggests, from the bytes per
   * row so far and a margin of 1 %, else half as many again.
   */
  private grow(): void {
    const rows = this.filled;
    let capacity = Math.ceil(rows * 1.5) + 1024;
    const { byteLength } = this.options;
    if (byteLength !== undefined && this.bytesSeen > 0) capacity = Math.max(Math.ceil(((rows * byteLength) / this.bytesSeen) * 1.01) + 1024, Math.ceil(rows * 1.0625));
    const block = this.newArray(capacity);
    block.set(this.block);
    this.block = block;
  }

  private newArray(rows: number, width = this.inputNames.length): FloatArray {
    const length = rows * width;
    return this.options.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  }

  private setHeader(record: string[], line: number): void {
    const { source, targetNames } = this.options;
    const header = headerNames(record, source, line);
    const targetIndex = targetNames.map((name) => columnIndex(header, name, source, 'target'));
    const featureNames = this.options.features ?? header.filter((name) => !targetNames.includes(name));
    const featureIndex = featureNames.map((name) => columnIndex(header, name, source, 'feature'));
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
    this.firstLine = line + 1;
    this.arrange(featureIndex, targetIndex, new Set(categorical));
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
    this.pending.length = this.coded.length;
    this.pending.fill('');
    this.pendingValue = new Float64Array(this.coded.length);
    if (this.categoricalNames.length > 0 && this.options.onBlock !== undefined && this.options.categories === undefined && this.options.collectCategories !== true) {
      throw new CategoriesFirstError(this.options.source, this.categoricalNames);
    }
    this.block = this.newArray(this.options.onBlock !== undefined ? this.blockRows : 1024);
  }

  /** detectCategorical: the first data row's features that are words (not numbers, nor empty, NaN, infinity or NA, ?, …) make their columns categorical. */
  private decide(record: string[], line: number): void {
    this.undecided = false;
    const header = this.header!;
    const categorical = new Set(this.categoricalNames);
    this.firstLine = line;
    for (const { name } of this.order) {
      const cell = record[header.indexOf(name)].trim();
      this.firstCells.set(name, cell);
      // A mark of a missing value (NA, ?, …) says nothing of the column: it is read as numbers unless named.
      if (!isWord(cell, cellNumber(cell)) || isMissingCell(cell) || categorical.has(name)) continue;
      const like = numberLike(cell);
      if (like !== undefined) {
        throw new DataError(`${this.options.source} line ${line}, column ${quoted(name)}: ${quoted(cell)} is ${like}, which is not read as a number, and the column would become categories; write numbers with a decimal point and no separators or %, or name the column as categorical to read its cells as categories`);
      }
      categorical.add(name);
    }
    if (categorical.size === this.categoricalNames.length) return;
    const featureIndex = this.order.map(({ name }) => header.indexOf(name));
    const targetIndex = this.options.targetNames.map((name) => header.indexOf(name));
    this.arrange(featureIndex, targetIndex, categorical);
  }

  /** For a word in a numeric feature when categories are detected: why the column is numbers, and how to say otherwise. */
  private numberHint(column: string): string | undefined {
    if (this.options.detectCategorical !== true || this.options.categories !== undefined) return undefined;
    const first = this.firstCells.get(column) ?? '';
    const was = first === '' ? 'is empty' : isMissingCell(first) ? `is ${quoted(first)}, which marks a missing value` : 'is a number';
    return ` (column ${quoted(column)} is read as numbers: its cell on the first row, line ${this.firstLine}, ${was}; name it as categorical to read its cells as categories)`;
  }

  private tooMany(k: number, line: number): DataError {
    return tooManyError(this.options.source, this.categoricalNames[k], this.coded[this.targets.length + k], this.rows, this.options.missing === true, line);
  }

  /**
   * The inputs as the network takes them, without onBlock: the numeric features as read, and each
   * column of categories as one 0/1 input per category (csv-one-hot.ts), in the features' order.
   */
  inputs(): TableInputs {
    if (this.categoricalNames.length === 0) return { inputNames: this.inputNames, data: this.features(), categorical: [] };
    return oneHotInputs({
      source: this.options.source,
      rows: this.rows,
      features: this.order.map(({ name, numeric, coded }) => (numeric >= 0 ? { name, numeric } : { name, column: this.coded[coded] })),
      block: this.block,
      numericWidth: this.inputNames.length,
      allocate: (length) => (this.options.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length)),
      lines: this.lines,
      missing: this.options.missing === true,
      categories: this.options.categories,
    });
  }

  /** The features in their order (a column of categories by its name). */
  featureNames(): string[] {
    return this.order.map(({ name }) => name);
  }

  /** With keepLines: each row's line in the file, (rows). */
  rowLines(): Int32Array {
    return (this.lines ?? new Int32Array(0)).subarray(0, this.rows);
  }

  /**
   * The features of every row, (rows, inputs), without onBlock: the array itself, or a view of its
   * first rows when the room left is small (at most an eighth), else a copy of just the rows.
   */
  features(): FloatArray {
    const length = this.rows * this.inputNames.length;
    const { block } = this;
    if (block.length === length) return block;
    if (block.length - length <= length / 8) return block.subarray(0, length);
    const out = this.newArray(this.rows);
    out.set(block.subarray(0, length));
    return out;
  }
}

/** A finite number that float32 holds only as ±Infinity (beyond ±3.4028235e38). */
function beyondFloat32(cell: string, source: string, line: number, column: string): DataError {
  return new DataError(`${source} line ${line}, column ${quoted(column)}: ${quoted(cell.trim())} is beyond ${dtypeRange('float32')}; read the data as float64 (bpnn train --dtype float64), or divide the column by a power of ten`);
}
