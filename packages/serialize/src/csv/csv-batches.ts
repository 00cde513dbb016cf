/**
 * CSV text in batches of whole records, from a string, bytes, or (async) iterables of chunks:
 * a batch ends just after a line break that is outside quotes, so a parser can take each batch
 * on its own. Quotes are `"` and a quote inside a quoted field is doubled (RFC 4180), so a line
 * break is outside quotes exactly when the quotes before it are even in number. A chunk may end
 * anywhere, even inside a character. Only whole batches are held, never the whole file.
 *
 * Bytes are decoded in `encoding` (encoding.ts; UTF-8 by default), and bytes that are not of it
 * are a FormatError naming their line (not-utf8.ts for UTF-8), never U+FFFD in their place.
 */
import { FormatError } from '@bpnn/core';
import { chunksOf, type ChunkSource } from '../sources/chunks.js';
import { chunkDecoder, type ChunkDecoder } from './encoding.js';
import { lineBreaks } from './line-breaks.js';
import { notUtf8Error } from './not-utf8.js';
import { firstInvalidUtf8 } from './utf8.js';
import { MAX_RECORD_BYTES, recordTooLong } from './record-limit.js';

/** A CSV file's text: a string, bytes, or chunks of either (chunks.ts). */
export type CsvSource = ChunkSource;

export interface CsvBatch {
  /** Whole records, ending with a line break (except the last batch of a file without one). */
  text: string;
  /** How many line breaks the batch holds ("\r\n", "\n" or a lone "\r": line-breaks.ts): the lines the next batch starts after. */
  lines: number;
}

/** The batches of `input`; a record that grows past `maxRecord` (record-limit.ts) is a FormatError naming the line it starts on. */
export async function* csvBatches(input: CsvSource, source?: string, encoding = 'utf-8', maxRecord = MAX_RECORD_BYTES): AsyncGenerator<CsvBatch> {
  const chunks = chunksOf(input, source);
  const decoder = chunkDecoder(encoding);
  let linesYielded = 0; // line breaks in the batches yielded
  let tail = new Uint8Array(0); // the last bytes of the last chunk of bytes, where an error may begin
  // The text not yet in a batch, as the chunks came: joined only into a batch, and each chunk
  // scanned once, so a record over many chunks (a long cell, a quote never closed) costs its size.
  let held: string[] = [];
  let heldLength = 0; // characters in `held`: the record being read, so far
  let linesHeld = 0; // line feeds in `held`
  let quoted = false; // inside quotes at the end of `held`
  const decode = (bytes: Uint8Array, stream: boolean) => {
    /** The lines before the text not yet decoded, which starts with a line feed or not (a "\r\n" the chunks part is one line break). */
    const linesBefore = (lineFeedNext: boolean) => {
      const text = held.join('');
      return linesYielded + lineBreaks(text) - (lineFeedNext && text.endsWith('\r') ? 1 : 0);
    };
    const text = decoded(decoder, bytes, stream, tail, linesBefore, source, encoding);
    tail = bytes.slice(Math.max(0, bytes.length - 3));
    return text;
  };
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decode(chunk, true);
    let end = 0; // held + text[0, end) is whole records
    let lines = 0; // line feeds in it
    let linesScanned = linesHeld; // line feeds in held + text[0, scanned)
    // From quote to quote: the line breaks between two quotes are all inside or all outside quotes.
    let lineFeed = text.indexOf('\n'); // the next line break at or after `scanned`, or -1
    for (let scanned = 0; scanned < text.length; ) {
      const quote = text.indexOf('"', scanned);
      const stop = quote < 0 ? text.length : quote;
      for (; lineFeed >= 0 && lineFeed < stop; lineFeed = text.indexOf('\n', lineFeed + 1)) {
        linesScanned++;
        if (!quoted) {
          end = lineFeed + 1;
          lines = linesScanned;
        }
      }
      if (quote < 0) scanned = text.length;
      else {
        quoted = !quoted;
        scanned = quote + 1;
      }
    }
    if (end > 0) {
      held.push(text.slice(0, end));
      const batch = held.join('');
      const breaks = withReturns(batch, lines);
      yield { text: batch, lines: breaks };
      linesYielded += breaks;
      held = end < text.length ? [text.slice(end)] : [];
      heldLength = text.length - end;
      linesHeld = linesScanned - lines;
    } else {
      if (text !== '') held.push(text);
      heldLength += text.length;
      linesHeld = linesScanned;
    }
    if (heldLength > maxRecord) throw recordTooLong(source ?? 'CSV', linesYielded + 1, maxRecord);
  }
  const flushed = decode(new Uint8Array(0), false); // the end of a character the last chunk began, if any
  const last = held.join('') + flushed;
  if (last !== '') yield { text: last, lines: withReturns(last, linesHeld + linesIn(flushed)) };
}

/** The line breaks of a batch that holds `lineFeeds` "\n": a lone "\r" is one too (line-breaks.ts). */
function withReturns(text: string, lineFeeds: number): number {
  return text.indexOf('\r') < 0 ? lineFeeds : lineBreaks(text);
}

/**
 * The chunk decoded; bytes that are not of the encoding are an error at their line (after the
 * `linesBefore()` decoded so far), found in the chunk or, for a character the last chunk began, in
 * `tail`, that chunk's last bytes.
 */
function decoded(decoder: ChunkDecoder, chunk: Uint8Array, stream: boolean, tail: Uint8Array, linesBefore: (lineFeedNext: boolean) => number, source = 'CSV', encoding: string): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    if (encoding === 'utf-8') {
      const bytes = new Uint8Array(tail.length + chunk.length);
      bytes.set(tail);
      bytes.set(chunk, tail.length);
      let start = 0; // not inside a character the tail ends (the decoder took it whole)
      while (start < tail.length && (tail[start] & 0xc0) === 0x80) start++;
      const at = firstInvalidUtf8(bytes, start);
      const found = at < 0 ? bytes.length - 1 : at;
      const lineStart = bytes.lastIndexOf(0x0a, found - 1) + 1;
      let lineEnd = bytes.indexOf(0x0a, found);
      if (lineEnd < 0) lineEnd = bytes.length;
      // The tail's line breaks are among the lines decoded so far.
      const lineFeedNext = !endsInsideCharacter(tail) && chunk[0] === 0x0a; // else the decoder holds the start of a character
      const line = linesBefore(lineFeedNext) + lineBreaks(bytes.subarray(tail.length, Math.max(tail.length, found))) + 1;
      throw notUtf8Error({ source, line, bytes, at: found, from: lineStart, to: lineEnd });
    }
    const text = new TextDecoder(encoding).decode(chunk); // U+FFFD where the bytes are wrong
    const line = linesBefore(text.startsWith('\n')) + lineBreaks(text.slice(0, Math.max(0, text.indexOf('\uFFFD')))) + 1;
    throw new FormatError(`${source} line ${line}: the bytes are not ${encoding} text; name the file's encoding (encoding, --encoding on the command line), or convert it to UTF-8`);
  }
}

/** True when UTF-8 bytes end inside a character (its first bytes, which a streaming decoder holds). */
function endsInsideCharacter(bytes: Uint8Array): boolean {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const byte = bytes[bytes.length - k];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > k;
  }
  return false;
}

/** The line breaks in text or bytes. */
function linesIn(text: string | Uint8Array): number {
  let count = 0;
  if (typeof text === 'string') for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  else for (let at = text.indexOf(0x0a); at >= 0; at = text.indexOf(0x0a, at + 1)) count++;
  return count;
}
