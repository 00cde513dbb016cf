/**
 * CSV text in batches of whole records, from a string, bytes, or (async) iterables of chunks:
 * a batch ends just after a line break that is outside quotes, so a parser can take each batch
 * on its own. Quotes are `"` and a quote inside a quoted field is doubled (RFC 4180), so a line
 * break is outside quotes exactly when the quotes before it are even in number. A chunk may end
 * anywhere, even inside a UTF-8 character. Only whole batches are held, never the whole file.
 */
import { chunksOf, type ChunkSource } from '../sources/chunks.js';

/** A CSV file's text: a string, bytes, or chunks of either (chunks.ts). */
export type CsvSource = ChunkSource;

export interface CsvBatch {
  /** Whole records, ending with a line break (except the last batch of a file without one). */
  text: string;
  /** How many line breaks ("\n") the batch holds: the lines the next batch starts after. */
  lines: number;
}

export async function* csvBatches(input: CsvSource, source?: string): AsyncGenerator<CsvBatch> {
  const chunks = chunksOf(input, source);
  const decoder = new TextDecoder('utf-8');
  let pending = ''; // text not yet in a batch
  let scanned = 0; // pending[0, scanned) has been scanned
  let quoted = false; // inside quotes at `scanned`
  let end = 0; // pending[0, end) is whole records
  let lines = 0; // line breaks in pending[0, end)
  let linesScanned = 0; // line breaks in pending[0, scanned)
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // From quote to quote: the line breaks between two quotes are all inside or all outside quotes.
    let lineFeed = pending.indexOf('\n', scanned); // the next line break at or after `scanned`, or -1
    while (scanned < pending.length) {
      const quote = pending.indexOf('"', scanned);
      const stop = quote < 0 ? pending.length : quote;
      for (; lineFeed >= 0 && lineFeed < stop; lineFeed = pending.indexOf('\n', lineFeed + 1)) {
        linesScanned++;
        if (!quoted) {
          end = lineFeed + 1;
          lines = linesScanned;
        }
      }
      if (quote < 0) scanned = pending.length;
      else {
        quoted = !quoted;
        scanned = quote + 1;
      }
    }
    if (end > 0) {
      yield { text: pending.slice(0, end), lines };
      pending = pending.slice(end);
      scanned -= end;
      linesScanned -= lines;
      end = 0;
      lines = 0;
    }
  }
  pending += decoder.decode();
  if (pending !== '') yield { text: pending, lines: linesScanned };
}
