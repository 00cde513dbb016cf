/**
 * A plain line (no quote, no line break: csv-scan.ts's fast path) read straight into the row a CSV
 * table (csv-table.ts) is filling: each numeric feature into the inputs' array, from the text or
 * from the UTF-8 bytes without a string (decimal.ts), and each target or category cell as text and
 * its number. Nothing here throws for the data: a line that fails a check (a cell that is not a
 * number, an empty cell, a wrong width) answers false, and the table reads it again as a record,
 * which gives the error. The one exception is bytes that are not UTF-8, named where they are.
 */
import { cellNumber, finiteIn, type FloatArray } from '@bpnn/core';
import type { CsvLayout } from './csv-layout.js';
import { COMMA, fieldDecimal, fieldEnd, plainDecimal, POINT } from './decimal.js';
import { notUtf8Error, placeOf } from './not-utf8.js';
import { firstInvalidUtf8 } from './utf8.js';

/** The row being filled: its features at block[base + featureSlot], its coded cells in pending (text) and pendingValue (NaN: ask the text). */
export interface RowCells {
  readonly source: string;
  readonly layout: CsvLayout;
  readonly block: FloatArray;
  /** Rows of the block already filled: the row starts at filled × inputs. */
  readonly filled: number;
  readonly pending: string[];
  readonly pendingValue: Float64Array;
  /** A number beyond float32's range is an error, not ±Infinity. */
  readonly float32: boolean;
  /**
   * The file writes a decimal comma (decimal-comma.ts): a plain decimal is read with `,` as its
   * point (a target's text written with `.`, as the record path writes it), and any other cell with
   * a `,` or `.` in it, or a number not plain, sends the line to the record path, which says what it is.
   */
  readonly decimalComma: boolean;
}

/** The decimal mark's code for a row. */
const pointOf = (row: RowCells) => (row.decimalComma ? COMMA : POINT);

/** A coded cell's text as the record path keeps it: with a decimal comma, a plain decimal written with a point; null when the record path must read it. */
function codedText(row: RowCells, cell: string, value: number): string | null {
  if (!row.decimalComma) return cell;
  if (value === value) return cell.replace(',', '.');
  return cell.indexOf(',') < 0 && cell.indexOf('.') < 0 ? cell : null;
}

/**
 * Cells of bytes as text: a batch's bytes are whole characters, and a mark at a cell's start is its
 * text. A lenient decoder (a fatal one is slower on text that is not ASCII, in Node 20), whose
 * U+FFFD cellText checks.
 */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The plain line text[start, end), fields separated by `delimiter`, into `row`; false when it must be read as a record. */
export function plainCells(row: RowCells, text: string, start: number, end: number, delimiter: string): boolean {
  const { featureSlot, targetSlot, inputNames } = row.layout;
  const { block, pending, pendingValue } = row;
  const width = featureSlot.length;
  const base = row.filled * inputNames.length;
  let c = 0; // fields read
  for (let from = start; ; ) {
    let to = text.indexOf(delimiter, from);
    if (to < 0 || to > end) to = end;
    if (c === width) return false; // too many fields
    if (featureSlot[c] >= 0) {
      let value = plainDecimal(text, from, to, pointOf(row));
      if (value !== value) {
        if (row.decimalComma) return false;
        // Not a plain decimal: Number ignores surrounding white space, as numericCell's trim does.
        value = cellNumber(text.slice(from, to));
        if (!Number.isFinite(value) || (row.float32 && !finiteIn(value, 'float32'))) return false;
      }
      block[base + featureSlot[c]] = value;
    } else if (targetSlot[c] >= 0) {
      const cell = codedText(row, text.slice(from, to).trim(), row.decimalComma ? plainDecimal(text, from, to, COMMA) : NaN);
      if (cell === '' || cell === null || cell.indexOf('\u0000') >= 0) return false; // a NUL: the record path refuses it
      pending[targetSlot[c]] = cell;
      pendingValue[targetSlot[c]] = NaN;
    }
    c++;
    if (to === end) break;
    from = to + 1;
  }
  return c === width;
}

/** plainCells on the UTF-8 line bytes[start, end) at line `line`: numbers parsed from the bytes, text made only for a cell that needs it. */
export function plainByteCells(row: RowCells, bytes: Uint8Array, start: number, end: number, line: number, delimiter: number): boolean {
  const { featureSlot, targetSlot, inputNames, coded } = row.layout;
  const { block, pending, pendingValue } = row;
  const width = featureSlot.length;
  const base = row.filled * inputNames.length;
  let c = 0; // fields read
  for (let from = start; ; ) {
    const value = fieldDecimal(bytes, from, end, delimiter, pointOf(row)); // NaN: not a plain decimal
    const to = fieldEnd.at;
    if (c === width) return false; // too many fields
    if (featureSlot[c] >= 0) {
      let number = value;
      if (number !== number) {
        if (row.decimalComma) return false;
        // Not a plain decimal: Number ignores surrounding white space, as numericCell's trim does.
        number = cellNumber(cellText(row, bytes, from, to, start, end, line, delimiter));
        if (!Number.isFinite(number) || (row.float32 && !finiteIn(number, 'float32'))) return false;
      }
      block[base + featureSlot[c]] = number;
    } else if (targetSlot[c] >= 0) {
      const j = targetSlot[c];
      pendingValue[j] = value;
      // A column that keeps only numbers needs no text for a plain decimal; any other cell is read as text.
      if (value !== value || coded[j].needsText) {
        const cell = codedText(row, cellText(row, bytes, from, to, start, end, line, delimiter).trim(), value);
        if (cell === '' || cell === null || cell.indexOf('\u0000') >= 0) return false; // a NUL: the record path refuses it
        pending[j] = cell;
      }
    } else if (!fieldEnd.ascii && firstInvalidUtf8(bytes, from, to) >= 0) throw lineNotUtf8(row, bytes, start, end, line, delimiter); // a column not read
    c++;
    if (to === end) break;
    from = to + 1;
  }
  return c === width;
}

/** The text of bytes[from, to) on the plain line bytes[start, end), or the error naming the first byte of the line that is not UTF-8. */
export function cellText(row: RowCells, bytes: Uint8Array, from: number, to: number, start: number, end: number, line: number, delimiter: number): string {
  const text = decoder.decode(bytes.subarray(from, to));
  // U+FFFD is the decoder's for a byte that is not UTF-8, unless the bytes spell it (EF BF BD).
  if (text.indexOf('\uFFFD') >= 0 && firstInvalidUtf8(bytes, from, to) >= 0) throw lineNotUtf8(row, bytes, start, end, line, delimiter);
  return text;
}

/** The error of the plain line bytes[start, end) that is not all UTF-8: its first bad byte, in its column (past the header). */
function lineNotUtf8(row: RowCells, bytes: Uint8Array, start: number, end: number, line: number, delimiter: number) {
  const at = firstInvalidUtf8(bytes, start, end);
  const place = placeOf(bytes, start, end, at, delimiter);
  const column = row.layout.header?.[place.field - 1];
  return notUtf8Error({ source: row.source, line, field: place.field, ...(column !== undefined && { column }), bytes, at, from: place.from, to: place.to });
}
