/** 0x…, 0o…, 0b…: JavaScript's Number reads these as numbers; a cell of text does not mean them so. */
const RADIX_PREFIX = /^\s*0[xXoObB]/;

/**
 * A cell of text (a CSV field, a target label) as a number, the one way bpnn reads one: as
 * JavaScript's Number does (white space around it ignored, `1e3`, `.5`, `Infinity`), except that
 * a hexadecimal, octal or binary literal (`0x10`, `0o7`, `0b11`) is NaN, not a number, as
 * spreadsheets, pandas and R read such a cell: as text. An empty cell is NaN, not Number's 0.
 */
export function cellNumber(cell: string): number {
  return RADIX_PREFIX.test(cell) || cell.trim() === '' ? NaN : Number(cell);
}
