/**
 * The page's guess of a CSV file's format (csv-format.ts) from its first lines, as a spreadsheet
 * program's import dialog makes one: proposed to the user, who can change it.
 */
import { parseCsv } from './csv.js';
import { COMMA_NUMBER, DELIMITERS, GROUPED_NUMBER, type CsvFormat } from './csv-format.js';

/** The first lines looked at: enough to see a pattern, bounded for a large file. */
const SAMPLE_CHARACTERS = 64 * 1024;
const SAMPLE_RECORDS = 50;

/**
 * The format a file's first lines suggest. The delimiter is the one of DELIMITERS that splits the
 * header into the most columns (two or more) with every sampled record as wide as the header (a
 * quoted field's delimiters do not count); a file none splits so is one column, read with ",". The
 * decimal mark is "," when the delimiter is not "," and some cells are numbers written with one
 * comma (`5,1`, `-0,25`, `1.234,5`), with thousands "." when a cell groups digits with points;
 * else ".".
 */
export function detectCsvFormat(text: string): CsvFormat {
  let sample = text.slice(0, SAMPLE_CHARACTERS);
  // A sample cut inside the file: drop its last, partial line.
  if (sample.length < text.length && sample.lastIndexOf('\n') > 0) sample = sample.slice(0, sample.lastIndexOf('\n'));
  let best: { delimiter: string; width: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const { columns, rows } = parseCsv(sample, delimiter);
    if (columns.length < 2 || rows.slice(0, SAMPLE_RECORDS).some((r) => r.length !== columns.length)) continue;
    if (best === undefined || columns.length > best.width) best = { delimiter, width: columns.length };
  }
  const delimiter = best?.delimiter ?? ',';
  if (delimiter === ',') return { delimiter, decimal: '.' };
  const cells = parseCsv(sample, delimiter).rows.slice(0, SAMPLE_RECORDS).flat().map((c) => c.trim());
  if (!cells.some((c) => COMMA_NUMBER.test(c) || (GROUPED_NUMBER.test(c) && c.includes(',')))) return { delimiter, decimal: '.' };
  return cells.some((c) => GROUPED_NUMBER.test(c)) ? { delimiter, decimal: ',', thousands: '.' } : { delimiter, decimal: ',' };
}
