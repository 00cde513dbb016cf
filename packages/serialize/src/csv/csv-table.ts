/**
 * The sink that turns a CSV file's records into a data set as they are read (csv-scan.ts): the
 * header picks the feature and target columns by name (csv-layout.ts); each row's features are
 * parsed straight into a typed array of the chosen dtype, (rows, inputs), from the file's bytes when
 * it comes as bytes, and its target cells are kept as codes and numbers (label-column.ts). No array
 * or string per cell is kept. The array grows as rows come (csv-row-array.ts), or, with `onBlock`,
 * is a block of `blockRows` rows handed over when full and reused, so memory stays one block when
 * streaming.
 *
 * Every check and error is the one csv-records.ts has always given: a plain line that fails a
 * check (a missing or non-numeric value, a wrong width) is read again as a record for the error.
 */
import { DataError, dtypeRange, finiteIn, isMissingCell, MAX_CATEGORIES, type CategoricalInput, type FloatArray } from '@bpnn/core';
import { checkWidth, isBlank, missingValueError, nulError, numericCell } from './csv-records.js';
import type { CsvSink } from './csv-sink.js';
import { BLOCK_ROWS, type CsvTableOptions } from './csv-table-options.js';
import { CsvLayout } from './csv-layout.js';
import { filledRows, floatArray, grownRows, withLine } from './csv-row-array.js';
import { cellText, plainByteCells, plainCells, type RowCells } from './csv-plain-row.js';
import { LabelColumn } from './label-column.js';
import { categoriesOf, oneHotInputs, tooManyError, type TableInputs } from './csv-one-hot.js';
import { quoted } from './quoted.js';
import { commaCell, type NumberFormat } from './decimal-comma.js';

export type { CsvTableOptions, TableInputs };

export class CsvTable implements CsvSink, RowCells {
  readonly targets: LabelColumn[];
  /** (capacity, inputs): the rows read (without onBlock), or the block being filled (with it), to `filled` rows. */
  block: FloatArray = new Float64Array(0);
  filled = 0;
  rows = 0;
  // What csv-plain-row.ts reads a plain line into (RowCells):
  readonly source: string;
  readonly layout: CsvLayout;
  readonly pending: string[]; // the coded cells of the row being read
  pendingValue: Float64Array; // and their numbers (NaN: ask the text)
  readonly float32: boolean; // a number beyond float32's range is an error, not ±Infinity
  readonly decimalComma: boolean; // numbers written with a decimal comma (options.numbers)
  private readonly blockRows: number;
  private bytesSeen = 0; // the bytes of the rows read as bytes, to size the array from byteLength
  private lines: Int32Array | null; // (rows) each row's line in the file, with keepLines
  private expanded: FloatArray = new Float64Array(0); // with onBlock and a model's categories: the block as 0/1 inputs

  constructor(private readonly options: CsvTableOptions) {
    this.source = options.source;
    this.targets = options.targetNames.map(() => new LabelColumn(options.keepText ?? true));
    this.layout = new CsvLayout(options, this.targets);
    this.pending = options.targetNames.map(() => '');
    this.pendingValue = new Float64Array(options.targetNames.length);
    this.blockRows = options.blockRows ?? BLOCK_ROWS;
    this.lines = options.keepLines === true ? new Int32Array(1024) : null;
    this.float32 = options.dtype === 'float32';
    this.decimalComma = options.numbers !== undefined;
  }

  /** The header's names, once read. */
  get header(): string[] | undefined {
    return this.layout.header;
  }

  /** A record: with a decimal comma (options.numbers), its feature and target cells first written with a point (decimal-comma.ts). */
  record(record: string[], line: number): void {
    const { numbers } = this.options;
    if (numbers !== undefined && this.header !== undefined) this.pointed(record, line, numbers);
    this.read(record, line);
  }

  /** `record`'s cells of features and targets as a decimal point writes them, in place. */
  private pointed(record: string[], line: number, numbers: NumberFormat): void {
    const { featureSlot, targetSlot, header } = this.layout;
    const width = Math.min(record.length, featureSlot.length);
    for (let c = 0; c < width; c++) {
      if (featureSlot[c] >= 0 || targetSlot[c] >= 0) record[c] = commaCell(record[c], numbers, this.source, line, header![c]);
    }
  }

  /** A record as read (cells with a decimal point). */
  protected read(record: string[], line: number): void {
    const { source } = this.options;
    const { layout } = this;
    if (isBlank(record)) return; // before the header too: the header is the first line that is not blank
    if (layout.header === undefined) {
      layout.setHeader(record, line);
      return this.arranged();
    }
    const header = layout.header;
    checkWidth(record, header, source, line);
    if (layout.undecided && layout.decide(record, line)) this.arranged();
    const { featureSlot, targetSlot } = layout;
    const base = this.filled * layout.inputNames.length;
    for (let c = 0; c < record.length; c++) {
      const k = featureSlot[c];
      const j = targetSlot[c];
      if (k >= 0) {
        const value = numericCell(record[c], source, line, header[c], layout.numberHint(header[c]), this.options.missing === true);
        if (this.float32 && Number.isFinite(value) && !finiteIn(value, 'float32')) throw beyondFloat32(record[c], source, line, header[c]);
        this.block[base + k] = value;
      } else if (j >= 0) {
        let cell = record[c].trim();
        const feature = j >= this.targets.length;
        if (feature && this.options.missing === true && isMissingCell(cell)) cell = '';
        else if (cell === '') throw feature ? missingValueError(source, line, header[c]) : new DataError(`${source} line ${line}, column ${quoted(header[c])}: missing value`);
        else if (cell.indexOf('\u0000') >= 0) throw nulError(cell, source, line, header[c]);
        this.pending[j] = cell;
        this.pendingValue[j] = NaN;
      }
    }
    this.commit(line);
  }

  plain(text: string, start: number, end: number, line: number, delimiter: string): void {
    if (this.header === undefined || this.layout.featureSlot.length === 0 || this.layout.undecided || !plainCells(this, text, start, end, delimiter)) {
      return this.record(text.slice(start, end).split(delimiter), line);
    }
    this.commit(line);
  }

  /** plain on bytes: numbers parsed from the bytes, text made only for a cell that needs it (csv-plain-row.ts). */
  plainBytes(bytes: Uint8Array, start: number, end: number, line: number, delimiter: number): void {
    if (this.header === undefined || this.layout.featureSlot.length === 0 || this.layout.undecided) return this.record(this.fields(bytes, start, end, line, delimiter), line);
    this.bytesSeen += end - start + 1;
    if (!plainByteCells(this, bytes, start, end, line, delimiter)) return this.record(this.fields(bytes, start, end, line, delimiter), line);
    this.commit(line);
  }

  /** The plain line bytes[start, end) as a record. */
  private fields(bytes: Uint8Array, start: number, end: number, line: number, delimiter: number): string[] {
    return cellText(this, bytes, start, end, start, end, line, delimiter).split(String.fromCharCode(delimiter));
  }

  /** After the columns are arranged (csv-layout.ts), before any row is read: room for the coded cells and the rows. */
  private arranged(): void {
    const { coded, inputNames } = this.layout;
    this.pending.length = coded.length;
    this.pending.fill('');
    this.pendingValue = new Float64Array(coded.length);
    this.block = floatArray(this.options.dtype, (this.options.onBlock !== undefined ? this.blockRows : 1024) * inputNames.length);
  }

  private commit(line: number): void {
    const { coded, inputNames } = this.layout;
    if (this.lines !== null) this.lines = withLine(this.lines, this.rows, line);
    for (let j = 0; j < this.pending.length; j++) {
      const value = this.pendingValue[j];
      if (!(value === value && coded[j].pushValue(value))) coded[j].push(this.pending[j], value === value ? value : undefined);
    }
    this.rows++;
    for (let j = this.targets.length; j < coded.length; j++) {
      if (coded[j].labels.length > MAX_CATEGORIES) throw this.tooMany(j - this.targets.length, line);
    }
    this.filled++;
    if (this.options.onBlock !== undefined) {
      if (this.filled === this.blockRows) this.flush();
    } else if (this.filled * inputNames.length === this.block.length) {
      this.block = grownRows(this.block, this.filled, inputNames.length, this.options.dtype, { byteLength: this.options.byteLength, bytesSeen: this.bytesSeen });
    }
  }

  /**
   * With onBlock: hands it the rows read since the last block, if any; with a model's categories,
   * each column of categories as its 0/1 inputs, in the features' order (csv-one-hot.ts).
   */
  flush(): void {
    if (this.options.onBlock === undefined || this.filled === 0) return;
    const { categories } = this.options;
    const { inputNames } = this.layout;
    const rows = this.filled;
    if (categories === undefined || this.layout.categoricalNames.length === 0) this.options.onBlock(this.block.subarray(0, rows * inputNames.length), rows, this.targets);
    else {
      // The 0/1 inputs are written only where 1 (or NaN): the reused array starts each block at 0.
      const allocate = (length: number) => {
        if (this.expanded.length < length) this.expanded = floatArray(this.options.dtype, Math.ceil(length / rows) * this.blockRows);
        return this.expanded.fill(0, 0, length).subarray(0, length);
      };
      const block = oneHotInputs({ source: this.options.source, rows, features: this.readFeatures(), block: this.block, numericWidth: inputNames.length, allocate, lines: null, missing: this.options.missing === true, categories });
      this.options.onBlock(block.data, rows, this.targets);
    }
    for (const column of this.layout.coded) column.clearRows();
    this.filled = 0;
  }

  /**
   * With collectCategories, once the whole input is read: each column of categories with its
   * categories (sorted; too many, as in an identifier, or none is an error).
   */
  categoriesRead(): CategoricalInput[] {
    return this.layout.categoricalNames.map((name, k) => categoriesOf(this.options.source, name, this.layout.coded[this.targets.length + k], this.rows, this.options.missing === true));
  }

  private tooMany(k: number, line: number): DataError {
    return tooManyError(this.options.source, this.layout.categoricalNames[k], this.layout.coded[this.targets.length + k], this.rows, this.options.missing === true, line);
  }

  /** The features in their order, for oneHotInputs: a numeric one by its place in a row, a column of categories as its codes. */
  private readFeatures() {
    return this.layout.order.map(({ name, numeric, coded }) => (numeric >= 0 ? { name, numeric } : { name, column: this.layout.coded[coded] }));
  }

  /**
   * The inputs as the network takes them, without onBlock: the numeric features as read, and each
   * column of categories as one 0/1 input per category (csv-one-hot.ts), in the features' order.
   */
  inputs(): TableInputs {
    const { inputNames, categoricalNames } = this.layout;
    if (categoricalNames.length === 0) return { inputNames, data: filledRows(this.block, this.rows, inputNames.length, this.options.dtype), categorical: [] };
    return oneHotInputs({
      source: this.options.source,
      rows: this.rows,
      features: this.readFeatures(),
      block: this.block,
      numericWidth: inputNames.length,
      allocate: (length) => floatArray(this.options.dtype, length),
      lines: this.lines,
      missing: this.options.missing === true,
      categories: this.options.categories,
    });
  }

  /** The features in their order (a column of categories by its name). */
  featureNames(): string[] {
    return this.layout.order.map(({ name }) => name);
  }

  /** With keepLines: each row's line in the file, (rows). */
  rowLines(): Int32Array {
    return (this.lines ?? new Int32Array(0)).subarray(0, this.rows);
  }
}

/** A finite number that float32 holds only as ±Infinity (beyond ±3.4028235e38). */
function beyondFloat32(cell: string, source: string, line: number, column: string): DataError {
  return new DataError(`${source} line ${line}, column ${quoted(column)}: ${quoted(cell.trim())} is beyond ${dtypeRange('float32')}; read the data as float64 (bpnn train --dtype float64), or divide the column by a power of ten`);
}
