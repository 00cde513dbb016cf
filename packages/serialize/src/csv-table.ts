/**
 * The sink that turns a CSV file's records into a data set as they are read (csv-scan.ts): the
 * header picks the feature and target columns by name; each row's features are parsed straight
 * into a block of a typed array of the chosen dtype, and its target cells are kept as codes
 * (label-column.ts). No array or string per cell is kept. Full blocks are kept, or handed to
 * `onBlock` (to write them elsewhere) and dropped, so memory stays one block when streaming.
 *
 * Every check and error is the one csv-records.ts has always given: a plain line that fails a
 * check (a missing or non-numeric value, a wrong width) is read again as a record for the error.
 */
import { DataError, type DType, type FloatArray } from '@bpnn/core';
import { checkWidth, columnIndex, headerNames, isBlank, numericCell } from './csv-records.js';
import type { CsvSink } from './csv-scan.js';
import { plainDecimal } from './decimal.js';
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
}

export class CsvTable implements CsvSink {
  header: string[] | undefined;
  inputNames: string[] = [];
  readonly targets: LabelColumn[];
  /** The full blocks kept, (blockRows, inputs) each; without onBlock. */
  readonly blocks: FloatArray[] = [];
  block: FloatArray = new Float64Array(0); // (blockRows, inputs), filled to `filled` rows
  filled = 0;
  rows = 0;
  private featureSlot = new Int32Array(0); // per file column: its index among the features, or -1
  private targetSlot = new Int32Array(0); // per file column: its index among the targets, or -1
  private readonly pending: string[]; // the target cells of the row being read
  private readonly blockRows: number;

  constructor(private readonly options: CsvTableOptions) {
    this.targets = options.targetNames.map(() => new LabelColumn());
    this.pending = options.targetNames.map(() => '');
    this.blockRows = options.blockRows ?? BLOCK_ROWS;
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
      }
    }
    this.commit();
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
      }
      c++;
      if (to === end) break;
      from = to + 1;
    }
    if (!ok || c !== width) return this.record(text.slice(start, end).split(delimiter), line);
    this.commit();
  }

  private commit(): void {
    for (let j = 0; j < this.pending.length; j++) this.targets[j].push(this.pending[j]);
    this.rows++;
    if (++this.filled === this.blockRows) {
      if (this.options.onBlock !== undefined) this.flush();
      else {
        this.blocks.push(this.block);
        this.block = this.newBlock();
        this.filled = 0;
      }
    }
  }

  /** With onBlock: hands it the rows read since the last block, if any. */
  flush(): void {
    if (this.options.onBlock === undefined || this.filled === 0) return;
    this.options.onBlock(this.block, this.filled, this.targets);
    for (const column of this.targets) column.clearRows();
    this.filled = 0;
  }

  private newBlock(): FloatArray {
    const length = this.blockRows * this.inputNames.length;
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
    this.block = this.newBlock();
  }

  /** The features of every row, (rows, inputs), in one array (the blocks are let go). */
  features(): FloatArray {
    const n = this.inputNames.length;
    const out = this.options.dtype === 'float32' ? new Float32Array(this.rows * n) : new Float64Array(this.rows * n);
    let at = 0;
    for (const block of this.blocks.splice(0)) {
      out.set(block, at);
      at += block.length;
    }
    out.set(this.block.subarray(0, this.filled * n), at);
    return out;
  }
}
