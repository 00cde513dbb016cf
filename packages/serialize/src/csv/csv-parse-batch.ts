/**
 * A batch of whole CSV records (csv-batches.ts) parsed by csv-parse's synchronous entry, each record
 * with its line in the file, and into a sink (csv-sink.ts) in order. Every line break ends a
 * record, whichever it is ("\r\n", "\n" or a lone "\r"), so a file that mixes them reads the same
 * whatever batches it is cut into; and a record's line is counted here (line-breaks.ts), since
 * csv-parse counts a "\r\n" inside quotes as two lines: the line a record starts on, so an error
 * in a row with a quoted field of several lines names the line an editor shows the row on.
 * csv-parse's refusals are said in the file's words by csv-quote-errors.ts, after the records
 * before the bad one are read (so their own errors come first, and the header names the column),
 * as the plain path would.
 *
 * `#csv-parse-sync` (package.json "imports") is csv-parse's browser build, which carries its own
 * Buffer, for bundlers that target browsers, and its Node build, on the native Buffer (about twice
 * as fast), elsewhere.
 */
import { FormatError } from '@bpnn/core';
import { parse, type Info } from '#csv-parse-sync';
import type { CsvSink } from './csv-sink.js';
import { quoteError } from './csv-quote-errors.js';
import { lineBreaks } from './line-breaks.js';
import { quotedInMessage } from './quoted.js';

/** Every line break ends a record: csv-parse would otherwise take the first it meets for all (and a batch of its own for each batch). */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

const encoder = new TextEncoder();

/** csv-parse's records of a batch that follows `linesBefore` lines, each with its line in the file: the line it starts on, as editors show it. */
export function parseBatch(text: string, linesBefore: number, source: string, delimiter: string): { record: string[]; line: number }[] {
  let parsed: { record: string[]; info: Info }[];
  try {
    const options = { info: true, relax_column_count: true, bom: linesBefore === 0, skip_empty_lines: true, delimiter, record_delimiter: RECORD_DELIMITERS };
    parsed = parse(text, options) as unknown as { record: string[]; info: Info }[];
  } catch (error) {
    const problem = quoteError(text, linesBefore, source, delimiter);
    throw problem !== undefined ? new FormatError(problem.message) : notValid(error, linesBefore, source);
  }
  if (text.indexOf('\r') < 0) return parsed.map(({ record, info }) => ({ record, line: linesBefore + info.lines - spanned(record) })); // csv-parse counts "\n" right
  // info.bytes is where the record ends (after its line break), in the batch's UTF-8 bytes (a byte-order mark it dropped counted).
  const bytes = encoder.encode(text);
  let line = linesBefore + 1; // at `at`
  let at = 0;
  return parsed.map(({ record, info }) => {
    const end = info.bytes;
    const last = bytes[end - 1];
    const ended = last === 0x0a || last === 0x0d ? (last === 0x0a && bytes[end - 2] === 0x0d ? end - 2 : end - 1) : end; // before its line break
    line += lineBreaks(bytes, at, ended);
    at = ended;
    return { record, line: line - spanned(record) };
  });
}

/** The line breaks inside a record's fields (quoted ones: any other line break ends the record): its lines after the one it starts on. */
function spanned(record: string[]): number {
  let breaks = 0;
  for (const field of record) if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) breaks += lineBreaks(field);
  return breaks;
}

/**
 * The batch's records into the sink; when csv-parse refuses it, the records before the bad one
 * first, then the error naming its line and column.
 */
export function parseInto(text: string, linesBefore: number, source: string, delimiter: string, sink: CsvSink): void {
  let records: { record: string[]; line: number }[];
  try {
    records = parseBatch(text, linesBefore, source, delimiter);
  } catch (error) {
    const problem = quoteError(text, linesBefore, source, delimiter);
    if (problem === undefined) throw error;
    for (const { record, line } of parseBatch(text.slice(0, problem.recordStart), linesBefore, source, delimiter)) sink.record(record, line);
    throw new FormatError(quoteError(text, linesBefore, source, delimiter, sink.header)!.message);
  }
  for (const { record, line } of records) sink.record(record, line);
}

/** csv-parse's own message, its "at line N" made the file's line: for a refusal csv-quote-errors.ts does not know. */
function notValid(error: unknown, linesBefore: number, source: string): FormatError {
  const message = (error as Error).message.replace(/at line (\d+)/g, (_, n: string) => `at line ${linesBefore + Number(n)}`);
  return new FormatError(`${source}: not valid CSV: ${quotedInMessage(message)}`);
}
