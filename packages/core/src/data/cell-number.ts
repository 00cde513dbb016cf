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
 * digits grouped by spaces (`1 000`, with a no-break space in a French locale) or apostrophes
 * (`1'000`), a typographic minus sign (`−1.5`, U+2212, as some locales' spreadsheets write it), a
 * percentage (`15%`), or a currency sign (`$12`, `12 €`). Read as a word, such a column would
 * silently become categories, and such a target classes.
 */
export function numberLike(text: string): string | undefined {
  const unsigned = text.replace(/^[+\-\u2212\u2012\u2013]/, '');
  if (unsigned !== text && text[0] !== '+' && text[0] !== '-' && !Number.isNaN(cellNumber(unsigned))) return 'a number written with a typographic minus sign (−, U+2212, or a dash) instead of the ASCII hyphen-minus (-)';
  if (/^\d+(?:[.,]\d+)*,\d+$/.test(unsigned)) return 'a number written with a comma (a decimal comma or a thousands separator)';
  if (/^\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?$/.test(unsigned)) return "a number with its digits grouped by spaces or apostrophes (1 000, 1'000)";
  if (/^(?:\d+(?:[.,]\d+)?|[.,]\d+)\s*%$/.test(unsigned)) return 'a percentage';
  if (/^[$€£¥]\s*\d/.test(unsigned) || /^\d[\d.,]*\s*[€£¥$]$/.test(unsigned)) return 'an amount with a currency sign';
  return undefined;
}
