/**
 * The small "CSV format" fields of a file picked in the page (Train's, and Try's batch): delimiter,
 * decimal mark and thousands separator, filled with what csv-detect.ts proposes and changed by the
 * user, in a <details> that names the format in its summary; an error about the format shows
 * beside them, the <details> opened. `pageWording` turns the server's messages, which name the
 * library's options (`decimal ","`), into the words of these fields.
 */
import { delimiterName, type CsvFormat } from '../data/csv-format.js';
import { h } from '../dom.js';

export interface CsvFormatFields {
  element: HTMLDetailsElement;
  /** The format chosen; an Error (shown beside the fields) for a choice that cannot be. */
  read(): CsvFormat;
  /** Shows `format` as the one detected from the file. */
  detected(format: CsvFormat): void;
  /** An error about the format beside the fields ('' clears it); the fields are opened to show it. */
  error(message: string): void;
}

const DELIMITER_CHOICES: ReadonlyArray<[string, string]> = [[',', 'comma ,'], [';', 'semicolon ;'], ['\t', 'tab'], ['|', 'bar |']];
const DECIMAL_CHOICES: ReadonlyArray<[string, string]> = [['.', 'point . (5.1)'], [',', 'comma , (5,1)']];
const THOUSANDS_CHOICES: ReadonlyArray<[string, string]> = [['', 'none'], ['.', 'point . (1.234,5)']];

const select = (id: string, choices: ReadonlyArray<[string, string]>) => h('select', { id, name: id }, ...choices.map(([value, text]) => h('option', { value }, text)));
const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control);

/** The fields with ids `${prefix}-delimiter`, `-decimal`, `-thousands` and `-format-error`; `changed` runs when the user changes one. */
export function csvFormatFields(prefix: string, changed: () => void): CsvFormatFields {
  const delimiter = select(`${prefix}-delimiter`, DELIMITER_CHOICES);
  const decimal = select(`${prefix}-decimal`, DECIMAL_CHOICES);
  const thousands = select(`${prefix}-thousands`, THOUSANDS_CHOICES);
  const summary = h('summary', { id: `${prefix}-format-summary` });
  const problem = h('p', { class: 'error', role: 'alert', id: `${prefix}-format-error` });
  const element = h('details', { class: 'csv-format', id: `${prefix}-format` }, summary, h('div', { class: 'grid' }, field(delimiter.id, 'Delimiter', delimiter), field(decimal.id, 'Decimal mark', decimal), field(thousands.id, 'Thousands separator', thousands)), problem);
  let origin = 'detected';
  const describe = () => {
    thousands.disabled = decimal.value !== ',';
    const grouped = decimal.value === ',' && thousands.value === '.' ? ', thousands separator "."' : '';
    summary.textContent = `CSV format: delimiter ${delimiterName(delimiter.value)}, decimal mark ${JSON.stringify(decimal.value)}${grouped} (${origin})`;
  };
  const error = (message: string) => {
    problem.textContent = message;
    if (message !== '') element.open = true;
  };
  for (const control of [delimiter, decimal, thousands]) {
    control.addEventListener('change', () => {
      origin = 'chosen';
      describe();
      error('');
      changed();
    });
  }
  describe();
  return {
    element,
    error,
    detected(format) {
      delimiter.value = format.delimiter;
      decimal.value = format.decimal;
      thousands.value = format.thousands ?? '';
      origin = 'detected';
      describe();
      error('');
    },
    read() {
      const format: CsvFormat = { delimiter: delimiter.value, decimal: decimal.value === ',' ? ',' : '.' };
      if (format.decimal === ',' && thousands.value === '.') format.thousands = '.';
      if (format.decimal === ',' && format.delimiter === ',') {
        const message = 'Decimal mark "," needs a delimiter other than ",": a comma cannot both separate fields and mark decimals; choose the delimiter ";", as files with a decimal comma are written';
        error(message);
        throw new Error(message);
      }
      return format;
    },
  };
}

/** The library's options, as these fields are named. */
const LABELS: Record<string, string> = { delimiter: 'delimiter', decimal: 'decimal mark', thousands: 'thousands separator' };

/**
 * A message of the server's (the library's in the API's words, which name the request's fields:
 * `read it with decimal ","`; the server drops the command line's flags, http/api-wording.ts) in
 * the page's words: `choose the decimal mark ","`. Undefined for a message about none of the
 * format's options, which belongs elsewhere.
 */
export function pageWording(message: string): string | undefined {
  const worded = message.replace(/\bread (?:it|the file) with (delimiter|decimal|thousands) /g, (_, option: string) => `choose the ${LABELS[option]} `);
  return /\b(?:delimiter|decimal|thousands)\b/.test(worded) ? worded : undefined;
}
