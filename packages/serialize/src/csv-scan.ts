/**
 * CSV read into a sink record by record, with a fast path for plain text. A batch of whole records
 * (csv-batches.ts) with no quote, no carriage return other than in consistent "\r\n" line ends, and
 * no byte-order mark is cut by hand: records at line breaks, fields at the delimiter. That is
 * exactly what csv-parse does with such text (no quote means no escaping, and empty lines are
 * skipped as with its skip_empty_lines), and `csv-scan.test.ts` checks it against csv-parse on
 * random files. Any other batch, such as an RFC 4180 file's quoted fields, goes through csv-parse
 * (csv-records.ts), so it reads exactly as before.
 *
 * The fast path hands the sink the line's text and where its fields lie, so a numeric cell can go
 * straight into a typed array with no array or string per record kept; a sink that finds
 * anything wrong with a line reads it again as a record (`record`), which gives the usual errors.
 */
import { parseBatch, readBatches, type CsvSource } from './csv-records.js';

/** What receives the records of a CSV file, in order. */
export interface CsvSink {
  /** A record as csv-parse gives it (fields as written), at its line in the file. */
  record(record: string[], line: number): void;
  /**
   * The record on line `line` that is `text[start, end)`, a line with no quote and no line break,
   * whose fields are separated by `delimiter`; the same as `record(text.slice(start, end).split(delimiter), line)`.
   */
  plain(text: string, start: number, end: number, line: number, delimiter: string): void;
}

const QUOTE = 0x22; // "
const CARRIAGE_RETURN = 0x0d; // \r
const LINE_FEED = 0x0a; // \n
const BYTE_ORDER_MARK = 0xfeff;

/** Reads every record of the input into `sink`; a malformed file is a FormatError (csv-records.ts). */
export async function scanCsv(input: CsvSource, source: string, delimiter: string, sink: CsvSink): Promise<void> {
  let linesBefore = 0;
  const fast = delimiter.length === 1 && !/["\r\n]/.test(delimiter);
  for await (const batch of readBatches(input, source)) {
    const crlf = fast ? plainLineEnds(batch.text) : null;
    if (crlf !== null && !(linesBefore === 0 && batch.text.charCodeAt(0) === BYTE_ORDER_MARK)) {
      scanPlain(batch.text, linesBefore, crlf, delimiter, sink);
    } else {
      for (const { record, info } of parseBatch(batch.text, linesBefore, source, delimiter)) sink.record(record, linesBefore + info.lines);
    }
    linesBefore += batch.lines;
  }
}

/**
 * For text with no quote: false when it has no carriage return, true when every line break is
 * "\r\n" (so csv-parse takes "\r\n" as the record delimiter); null for anything else.
 */
function plainLineEnds(text: string): boolean | null {
  if (text.indexOf('"') >= 0) return null;
  const firstReturn = text.indexOf('\r');
  if (firstReturn < 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === CARRIAGE_RETURN && text.charCodeAt(i + 1) !== LINE_FEED) return null;
    if (code === LINE_FEED && text.charCodeAt(i - 1) !== CARRIAGE_RETURN) return null;
    if (code === QUOTE) return null;
  }
  // A last line without a line break must not end in a lone "\r" either (checked above).
  return true;
}

/** The lines of a plain batch into the sink, empty lines skipped as csv-parse skips them. */
function scanPlain(text: string, linesBefore: number, crlf: boolean, delimiter: string, sink: CsvSink): void {
  let line = linesBefore;
  for (let start = 0; start < text.length; ) {
    let next = text.indexOf('\n', start);
    if (next < 0) next = text.length;
    const end = crlf && next < text.length ? next - 1 : next;
    line++;
    if (end > start) sink.plain(text, start, end, line, delimiter);
    start = next + 1;
  }
}
