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
import { BpnnError, ConfigError, FormatError, show } from '@bpnn/core';
import { csvByteBatches } from './csv-byte-batches.js';
import { chunksOf } from '../sources/chunks.js';
import { parseBatch, readBatches, type CsvSource } from './csv-records.js';
import { quotedInMessage } from './quoted.js';

/** What receives the records of a CSV file, in order. */
export interface CsvSink {
  /** A record as csv-parse gives it (fields as written), at its line in the file. */
  record(record: string[], line: number): void;
  /**
   * The record on line `line` that is `text[start, end)`, a line with no quote and no line break,
   * whose fields are separated by `delimiter`; the same as `record(text.slice(start, end).split(delimiter), line)`.
   */
  plain(text: string, start: number, end: number, line: number, delimiter: string): void;
  /**
   * The same for bytes: the record on line `line` is the UTF-8 `bytes[start, end)`, with no quote
   * and no line break, fields separated by the byte `delimiter` (ASCII). Without it, `plain`
   * gets the line decoded.
   */
  plainBytes?(bytes: Uint8Array, start: number, end: number, line: number, delimiter: number): void;
}

const QUOTE = 0x22; // "
const CARRIAGE_RETURN = 0x0d; // \r
const LINE_FEED = 0x0a; // \n
const BYTE_ORDER_MARK = 0xfeff;

/**
 * Reads every record of the input into `sink`; a malformed file is a FormatError (csv-records.ts).
 * Bytes (or chunks of bytes) are cut and scanned as bytes (scanBytes), text as text.
 */
export async function scanCsv(input: CsvSource, source: string, delimiter: string, sink: CsvSink): Promise<void> {
  checkDelimiter(delimiter);
  const fast = delimiter.length === 1 && !/["\r\n]/.test(delimiter);
  if (fast && delimiter.charCodeAt(0) < 0x80 && typeof input !== 'string') {
    const chunks = chunksOf(input, source);
    const first = await firstChunk(chunks, source);
    if (first.value === undefined || typeof first.value !== 'string') return scanBytes(first.rest, source, delimiter, sink);
    input = first.rest;
  }
  let linesBefore = 0;
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

/** The first chunk of the input, and the input again with it put back. */
async function firstChunk(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, source: string) {
  const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : (chunks as Iterable<string | Uint8Array>)[Symbol.iterator]();
  const first = await readInput(() => iterator.next(), source);
  const rest = (async function* () {
    if (first.done === true) return;
    yield first.value;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  })();
  return { value: first.done === true ? undefined : first.value, rest };
}

/** A read of the input, whose own failure (a file that cannot be read further) is a bpnn error, as in readBatches. */
async function readInput<T>(read: () => T | Promise<T>, source: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof BpnnError) throw error;
    throw new FormatError(`${source}: not valid CSV: ${quotedInMessage(error instanceof Error ? error.message : String(error))}`);
  }
}

const BOM_BYTES = [0xef, 0xbb, 0xbf];

/**
 * scanCsv on bytes: the same decisions, batch by batch. A plain batch goes to the sink line by line
 * as bytes; any other is decoded and read as text (csv-parse), exactly as scanCsv reads text. A
 * byte-order mark at the very start is dropped, as the text path's decoder drops it.
 */
async function scanBytes(input: CsvSource, source: string, delimiter: string, sink: CsvSink): Promise<void> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // a batch's bytes are whole characters
  const delimiterByte = delimiter.charCodeAt(0);
  const batches = csvByteBatches(input);
  let linesBefore = 0;
  for (;;) {
    const next = await readInput(() => batches.next(), source);
    if (next.done === true) return;
    let bytes = next.value;
    if (linesBefore === 0 && startsWithBom(bytes)) bytes = bytes.subarray(3);
    // A second mark goes to csv-parse, as in scanCsv (which sees the text after its decoder dropped the first).
    const crlf = linesBefore === 0 && startsWithBom(bytes) ? null : plainByteLineEnds(bytes);
    if (crlf !== null) linesBefore = scanPlainBytes(bytes, linesBefore, crlf, delimiterByte, delimiter, decoder, sink);
    else {
      const text = decoder.decode(bytes);
      for (const { record, info } of parseBatch(text, linesBefore, source, delimiter)) sink.record(record, linesBefore + info.lines);
      for (let at = bytes.indexOf(LINE_FEED); at >= 0; at = bytes.indexOf(LINE_FEED, at + 1)) linesBefore++;
    }
  }
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === BOM_BYTES[0] && bytes[1] === BOM_BYTES[1] && bytes[2] === BOM_BYTES[2];
}

/** plainLineEnds on bytes. */
function plainByteLineEnds(bytes: Uint8Array): boolean | null {
  if (bytes.indexOf(QUOTE) >= 0) return null;
  if (bytes.indexOf(CARRIAGE_RETURN) < 0) return false;
  for (let i = 0; i < bytes.length; i++) {
    const code = bytes[i];
    if (code === CARRIAGE_RETURN && bytes[i + 1] !== LINE_FEED) return null;
    if (code === LINE_FEED && bytes[i - 1] !== CARRIAGE_RETURN) return null;
  }
  return true;
}

/** scanPlain on bytes; gives the lines before the next batch. */
function scanPlainBytes(bytes: Uint8Array, linesBefore: number, crlf: boolean, delimiterByte: number, delimiter: string, decoder: { decode(bytes: Uint8Array): string }, sink: CsvSink): number {
  let line = linesBefore;
  for (let start = 0; start < bytes.length; ) {
    let next = bytes.indexOf(LINE_FEED, start);
    const last = next < 0;
    if (last) next = bytes.length;
    const end = crlf && !last ? next - 1 : next;
    line++;
    if (end > start) {
      if (sink.plainBytes !== undefined) sink.plainBytes(bytes, start, end, line, delimiterByte);
      else {
        const text = decoder.decode(bytes.subarray(start, end));
        sink.plain(text, 0, text.length, line, delimiter);
      }
    }
    start = next + 1;
  }
  return line;
}
