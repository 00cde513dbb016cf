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
import { ConfigError, show } from '@bpnn/core';
import { readBatches, type CsvSource } from './csv-records.js';
import { parseInto } from './csv-parse-batch.js';
import { scanBytes } from './csv-scan-bytes.js';
import type { CsvSink } from './csv-sink.js';
import { headOf } from './csv-input.js';
import { byteOrderMark } from './encoding.js';
import { MAX_RECORD_BYTES } from './record-limit.js';

export type { CsvSink };

const QUOTE = 0x22; // "
const CARRIAGE_RETURN = 0x0d; // \r
const LINE_FEED = 0x0a; // \n
const BYTE_ORDER_MARK = 0xfeff;

/**
 * Reads every record of the input into `sink`; a malformed file is a FormatError (csv-records.ts).
 * Bytes are read in `encoding` (a name of CSV_ENCODINGS, encoding.ts), or in the encoding their
 * byte-order mark names; UTF-8 bytes with a one-byte ASCII delimiter are cut and scanned as bytes
 * (csv-scan-bytes.ts), anything else is decoded and scanned as text. A record past `maxRecord`
 * (record-limit.ts) is an error naming its first line.
 */
export async function scanCsv(input: CsvSource, source: string, delimiter: string, sink: CsvSink, encoding = 'utf-8', maxRecord = MAX_RECORD_BYTES): Promise<void> {
  checkDelimiter(delimiter);
  const fast = delimiter.length === 1 && !/["\r\n]/.test(delimiter);
  if (typeof input !== 'string') {
    const { head, rest } = await headOf(input, source);
    input = rest;
    if (head !== undefined) encoding = byteOrderMark(head) ?? encoding;
    if (head !== undefined && encoding === 'utf-8' && fast && delimiter.charCodeAt(0) < 0x80) return scanBytes(rest, source, delimiter, sink, maxRecord);
  }
  let linesBefore = 0;
  for await (const batch of readBatches(input, source, encoding, maxRecord)) {
    const crlf = fast ? plainLineEnds(batch.text) : null;
    if (crlf !== null && !(linesBefore === 0 && batch.text.charCodeAt(0) === BYTE_ORDER_MARK)) {
      scanPlain(batch.text, linesBefore, crlf, delimiter, sink);
    } else {
      parseInto(batch.text, linesBefore, source, delimiter, sink);
    }
    linesBefore += batch.lines;
  }
}

/** A field separator: text, but not a quote or a line break (which CSV gives their own meaning). */
export function checkDelimiter(delimiter: unknown): asserts delimiter is string {
  if (typeof delimiter !== 'string' || delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw new ConfigError('delimiter', `must be the text between fields, such as "," or ";" (not empty, and without a quote or a line break), got ${show(delimiter)}`);
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

