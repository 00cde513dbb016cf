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

/**
 * Why a cell (trimmed) that cellNumber does not read is still a number to a person, or undefined:
 * a decimal comma or a thousands separator (`1,5`, `1.234,5`, `12,000`: which one cannot be told),
 * or a percentage (`15%`). Read as a word, such a column would silently become categories, and
 * such a target classes.
 */
export function numberLike(text: string): string | undefined {
  if (/^[+-]?\d+(?:[.,]\d+)*,\d+$/.test(text)) return 'a number written with a comma (a decimal comma or a thousands separator)';
  if (/^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)\s*%$/.test(text)) return 'a percentage';
  return undefined;
}
