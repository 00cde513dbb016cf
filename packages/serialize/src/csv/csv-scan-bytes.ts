/**
 * scanCsv (csv-scan.ts) on UTF-8 bytes with a one-byte ASCII delimiter: the same decisions, batch
 * by batch (csv-byte-batches.ts). A plain batch (no quote, no lone carriage return) goes to the sink
 * line by line as bytes, so numbers are read from the bytes and only the cells that are text are
 * decoded; any other batch is decoded and read as text (csv-parse), exactly as scanCsv reads text.
 * Bytes that are not UTF-8 are a FormatError naming their line and field (not-utf8.ts): here for a
 * decoded batch, in the sink (csv-table.ts) for a plain line.
 */
import type { CsvSource } from './csv-batches.js';
import { csvByteBatches } from './csv-byte-batches.js';
import { readInput } from './csv-input.js';
import { parseInto } from './csv-parse-batch.js';
import { lineBreaks } from './line-breaks.js';
import type { CsvSink } from './csv-sink.js';
import { notUtf8Error, placeOf } from './not-utf8.js';
import { firstInvalidUtf8 } from './utf8.js';
import { MAX_RECORD_BYTES, recordTooLong } from './record-limit.js';

const QUOTE = 0x22; // "
const CARRIAGE_RETURN = 0x0d; // \r
const LINE_FEED = 0x0a; // \n

/** A decoder that refuses what is not UTF-8; a batch's bytes are whole characters, and a mark at the start is dropped by hand. */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of bytes[start, end), which start a record after `linesBefore` lines, or a FormatError
 * naming the line and field of the first byte that is not UTF-8 (its column, with `header`).
 */
export function utf8Text(bytes: Uint8Array, start: number, end: number, source: string, linesBefore: number, delimiter: number, header?: readonly string[]): string {
  try {
    return decoder.decode(bytes.subarray(start, end));
  } catch {
    const at = firstInvalidUtf8(bytes, start, end);
    const place = placeOf(bytes, start, end, at, delimiter);
    const column = header?.[place.field - 1];
    throw notUtf8Error({ source, line: linesBefore + place.linesBefore + 1, field: place.field, ...(column !== undefined && { column }), bytes, at, from: place.from, to: place.to });
  }
}

/**
 * A batch that is not plain (quoted fields: csv-parse's), decoded, into the sink. When it holds a
 * byte that is not UTF-8, the records before that byte's record are read first, as on the plain
 * path: their own errors come first, and the error of the byte names its column by the header.
 */
function parsedBatch(bytes: Uint8Array, linesBefore: number, source: string, delimiter: string, sink: CsvSink): void {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const delimiterByte = delimiter.charCodeAt(0);
    const record = placeOf(bytes, 0, bytes.length, firstInvalidUtf8(bytes, 0, bytes.length), delimiterByte).record;
    parseInto(utf8Text(bytes, 0, record, source, linesBefore, delimiterByte), linesBefore, source, delimiter, sink);
    utf8Text(bytes, 0, bytes.length, source, linesBefore, delimiterByte, sink.header); // throws
    return;
  }
  parseInto(text, linesBefore, source, delimiter, sink);
}

const BOM_BYTES = [0xef, 0xbb, 0xbf];

/** scanCsv on UTF-8 bytes; a byte-order mark at the very start is dropped, as the text path's decoder drops it. */
export async function scanBytes(input: CsvSource, source: string, delimiter: string, sink: CsvSink, maxRecord = MAX_RECORD_BYTES): Promise<void> {
  const delimiterByte = delimiter.charCodeAt(0);
  let linesBefore = 0; // of the batches read: the record held starts on the next line
  const batches = csvByteBatches(input, maxRecord, () => recordTooLong(source, linesBefore + 1, maxRecord));
  for (;;) {
    const next = await readInput(() => batches.next(), source);
    if (next.done === true) return;
    let bytes = next.value;
    if (linesBefore === 0 && startsWithBom(bytes)) bytes = bytes.subarray(3);
    // A second mark goes to csv-parse, as in scanCsv (which sees the text after its decoder dropped the first).
    const crlf = linesBefore === 0 && startsWithBom(bytes) ? null : plainByteLineEnds(bytes);
    if (crlf !== null) linesBefore = scanPlainBytes(bytes, linesBefore, crlf, delimiterByte, delimiter, source, sink);
    else {
      parsedBatch(bytes, linesBefore, source, delimiter, sink);
      linesBefore += lineBreaks(bytes);
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
function scanPlainBytes(bytes: Uint8Array, linesBefore: number, crlf: boolean, delimiterByte: number, delimiter: string, source: string, sink: CsvSink): number {
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
        const text = utf8Text(bytes, start, end, source, line - 1, delimiterByte);
        sink.plain(text, 0, text.length, line, delimiter);
      }
    }
    start = next + 1;
  }
  return line;
}
