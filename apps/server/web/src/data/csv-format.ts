/**
 * How a CSV file writes its fields and numbers, as POST /v1/jobs takes it (`delimiter`, `decimal`,
 * `thousands`), and its number cells read and written. A spreadsheet in much of Europe saves CSV
 * with `;` between fields and a decimal comma (`5,1`); csv-detect.ts proposes that when it sees
 * it, and the user can change what it proposes. The rules for a cell are the server's
 * (packages/serialize/src/csv/decimal-comma.ts): with decimal ",", `1,5` is 1.5, `1.234,5` is
 * 1234.5 only with thousands ".", and a point otherwise is refused, never guessed.
 */
export interface CsvFormat {
  /** The field separator: one character. */
  delimiter: string;
  /** The mark between a number's whole part and its fraction. */
  decimal: '.' | ',';
  /** With decimal ",": the mark that groups digits in threes (1.234,5). */
  thousands?: '.';
}

/** The server's default: commas between fields, decimal points. */
export const POINT_FORMAT: CsvFormat = { delimiter: ',', decimal: '.' };

/** The delimiters the page proposes, in the order a tie is settled. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** A number written with one decimal comma (`5,1`, `-0,25`, `1,5e3`), and one whose digits are grouped in threes by points (`1.234,5`). */
export const COMMA_NUMBER = /^[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?$/;
export const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?(?:[eE][+-]?\d+)?$/;
const POINT_NUMBER = /^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number cell of a file in `format` as a decimal point writes it (`5,1` → `5.1`); a word, an
 * integer or an empty cell as it is. A cell the format cannot read as a number the server would
 * refuse too (a point with decimal ",", a comma number with decimal "."): an Error saying which
 * choice reads it (without the row and column, which the caller adds).
 */
export function pointText(cell: string, format: CsvFormat): string {
  const text = cell.trim();
  if (format.decimal === '.') {
    if (COMMA_NUMBER.test(text)) throw new Error(`${JSON.stringify(text)} is a number written with a comma, but the file is read with decimal mark "."; if the comma is a decimal comma, choose the decimal mark ","`);
    return text;
  }
  if (!text.includes(',') && !text.includes('.')) return text;
  if (COMMA_NUMBER.test(text)) return text.replace(',', '.');
  if (format.thousands === '.' && GROUPED_NUMBER.test(text)) return text.replaceAll('.', '').replace(',', '.');
  if (POINT_NUMBER.test(text) || GROUPED_NUMBER.test(text)) {
    throw new Error(`${JSON.stringify(text)} has a point, but the file is read with decimal mark ","${format.thousands === '.' ? ' and thousands separator "."' : ''}; if the file writes numbers with a decimal point, choose decimal mark "."`);
  }
  return text; // a word, or two commas: the server names it as it names any cell that is no number
}

/** A number as a file in `format` writes it (decimal ",": 0.25 → 0,25). */
export function formatNumber(value: number, format: CsvFormat): string {
  const text = String(value);
  return format.decimal === ',' ? text.replace('.', ',') : text;
}

/** The delimiter as a person reads it: "," ";" "tab" "|". */
export const delimiterName = (delimiter: string) => (delimiter === '\t' ? 'tab' : JSON.stringify(delimiter));
