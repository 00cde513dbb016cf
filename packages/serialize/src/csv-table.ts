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
import { DataError, type DType, type FloatArray } from '@bpnn/core';
import { checkWidth, columnIndex, headerNames, isBlank, numericCell } from './csv-records.js';
import type { CsvSink } from './csv-scan.js';
import { fieldDecimal, fieldEnd, plainDecimal } from './decimal.js';
import { LabelColumn } from './label-column.js';

/** Rows in a block of features. */
export const BLOCK_ROWS = 16384;

export interface CsvTableOptions {
  source: string;
  targetNames: readonly string[];
  features?: readonly string[];
  dtype: DType;
  blockRows?: number;
  /**
   * Receives each full block, (rows, inputs), and the target columns holding its rows (and the
   * last, short block on flush()): the table then keeps nothing of its rows but the labels seen.
   */
  onBlock?: (block: FloatArray, rows: number, targets: readonly LabelColumn[]) => void;
  /** The input's size in bytes, when known: the inputs' array is then sized from it (without onBlock). */
  byteLength?: number;
  /** Keep each row's line in the file (rowLines()); without onBlock. Default false. */
  keepLines?: boolean;
  /** Keep each target cell as written (as readCsvDataset gives them); false keeps a column of numbers as numbers only. Default true. */
  keepText?: boolean;
}

/** Cells of bytes as text: a batch's bytes are whole characters, and a mark at a cell's start is its text. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of bytes[from, to). */
function textOf(bytes: Uint8Array, from: number, to: number): string {
  return decoder.decode(bytes.subarray(from, to));
}

export class CsvTable implements CsvSink {
  header: string[] | undefined;
  inputNames: string[] = [];
  readonly targets: LabelColumn[];
  /** (capacity, inputs): the rows read (without onBlock), or the block being filled (with it), to `filled` rows. */
  block: FloatArray = new Float64Array(0);
  filled = 0;
  rows = 0;
  private featureSlot = new Int32Array(0); // per file column: its index among the features, or -1
  private targetSlot = new Int32Array(0); // per file column: its index among the targets, or -1
  private readonly pending: string[]; // the target cells of the row being read
  private readonly pendingValue: Float64Array; // and their numbers (NaN: ask the text)
  private readonly blockRows: number;
  private bytesSeen = 0; // the bytes of the rows read as bytes, to size the array from byteLength
  private lines: Int32Array | null; // (rows) each row's line in the file, with keepLines

  constructor(private readonly options: CsvTableOptions) {
    this.targets = options.targetNames.map(() => new LabelColumn(options.keepText ?? true));
    this.pending = options.targetNames.map(() => '');
    this.pendingValue = new Float64Array(options.targetNames.length);
    this.blockRows = options.blockRows ?? BLOCK_ROWS;
    this.lines = options.keepLines === true ? new Int32Array(1024) : null;
  }

  record(record: string[], line: number): void {
    const { source } = this.options;
    if (this.header === undefined) return this.setHeader(record, line);
    if (isBlank(record)) return;
    const header = this.header;
    checkWidth(record, header, source, line);
    const base = this.filled * this.inputNames.length;
    for (let c = 0; c < record.length; c++) {
      const k = this.featureSlot[c];
      const j = this.targetSlot[c];
      if (k >= 0) this.block[base + k] = numericCell(record[c], source, line, header[c]);
      else if (j >= 0) {
        const cell = record[c].trim();
        if (cell === '') throw new DataError(`${source} line ${line}, column ${JSON.stringify(header[c])}: missing value`);
        this.pending[j] = cell;
        this.pendingValue[j] = NaN;
      }
    }
    this.commit(line);
  }

  plain(text: string, start: number, end: number, line: number, delimiter: string): void {
    const width = this.featureSlot.length;
    if (this.header === undefined || width === 0) return this.record(text.slice(start, end).split(delimiter), line);
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
          value = +cell;
          if (!Number.isFinite(value) || (value === 0 && cell.trim() === '')) ok = false;
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
    if (this.header === undefined || width === 0) return this.record(textOf(bytes, start, end).split(String.fromCharCode(delimiter)), line);
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
          const cell = textOf(bytes, from, to);
          number = +cell;
          if (!Number.isFinite(number) || (number === 0 && cell.trim() === '')) ok = false;
        }
        block[base + featureSlot[c]] = number;
      } else if (targetSlot[c] >= 0) {
        const j = targetSlot[c];
        pendingValue[j] = value;
        // A column that keeps only numbers needs no text for a plain decimal; any other cell is read as text.
        if (value !== value || this.targets[j].needsText) {
          const cell = textOf(bytes, from, to).trim();
          if (cell === '') ok = false;
          pending[j] = cell;
        }
      }
      c++;
      if (to === end) break;
      from = to + 1;
    }
    if (!ok || c !== width) return this.record(textOf(bytes, start, end).split(String.fromCharCode(delimiter)), line);
    this.commit(line);
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
      if (!(value === value && this.targets[j].pushValue(value))) this.targets[j].push(this.pending[j], value === value ? value : undefined);
    }
    this.rows++;
    if (++this.filled * this.inputNames.length === this.block.length) {
      if (this.options.onBlock !== undefined) this.flush();
      else this.grow();
    }
  }

  /** With onBlock: hands it the rows read since the last block, if any. */
  flush(): void {
    if (this.options.onBlock === undefined || this.filled === 0) return;
    this.options.onBlock(this.block, this.filled, this.targets);
    for (const column of this.targets) column.clearRows();
    this.filled = 0;
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

  private newArray(rows: number): FloatArray {
    const length = rows * this.inputNames.length;
    return this.options.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
  }

  private setHeader(record: string[], line: number): void {
    const { source, targetNames } = this.options;
    const header = headerNames(record, source, line);
    const targetIndex = targetNames.map((name) => columnIndex(header, name, source, 'target'));
    const featureNames = this.options.features ?? header.filter((name) => !targetNames.includes(name));
    const featureIndex = featureNames.map((name) => columnIndex(header, name, source, 'feature'));
    const both = featureNames.filter((name) => targetNames.includes(name));
    if (both.length > 0) throw new DataError(`${source}: column ${JSON.stringify(both[0])} cannot be both a feature and a target`);
    if (featureIndex.length === 0) throw new DataError(`${source}: no feature columns left besides the target ${targetNames.join(', ')}`);
    this.header = header;
    this.inputNames = featureIndex.map((c) => header[c]);
    this.featureSlot = new Int32Array(header.length).fill(-1);
    this.targetSlot = new Int32Array(header.length).fill(-1);
    featureIndex.forEach((c, k) => (this.featureSlot[c] = k));
    targetIndex.forEach((c, j) => (this.targetSlot[c] = j));
    this.block = this.newArray(this.options.onBlock !== undefined ? this.blockRows : 1024);
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
