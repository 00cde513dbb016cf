/**
 * The quotes csv-parse refuses in a batch of records (csv-parse-batch.ts), found again by a scan
 * of RFC 4180's rules and said in the file's words: the line, the column (by its header name once
 * the header is read, else the field's number, from 1) and the value. csv-parse says "field 2" for
 * the third field, and, for a quote never closed, the line where the file ends. The three refusals:
 * a quote inside a field that does not start with one (`ab"c`), text after a quoted field's
 * closing quote (`"ab"c`), and a quote that is never closed (the rest of the file would be one
 * cell). The scan runs only once csv-parse has refused the batch.
 */
import { lineBreaks } from './line-breaks.js';
import { quoted } from './quoted.js';

/** A refused quote: the message, and where its record starts in the batch (the records before it are good). */
export interface QuoteProblem {
  message: string;
  recordStart: number;
}

const QUOTE = 0x22; // "
const CARRIAGE_RETURN = 0x0d; // \r
const LINE_FEED = 0x0a; // \n

/**
 * The first refused quote of `text`, a batch after `linesBefore` lines (a byte-order mark at the
 * file's start dropped, as csv-parse drops it), or undefined when its quotes are all good.
 */
export function quoteError(text: string, linesBefore: number, source: string, delimiter: string, header?: readonly string[]): QuoteProblem | undefined {
  const n = text.length;
  let i = linesBefore === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = linesBefore + 1;
  let recordStart = i;
  let field = 1;
  const where = () => `${source} line ${line}, ${header !== undefined && field <= header.length ? `column ${quoted(header[field - 1])}` : `field ${field}`}`;
  /** The end of the field that starts at `from`: at the delimiter or the line break after it. */
  const fieldEnd = (from: number) => {
    let end = from;
    while (end < n && !text.startsWith(delimiter, end) && text.charCodeAt(end) !== LINE_FEED && text.charCodeAt(end) !== CARRIAGE_RETURN) end++;
    return end;
  };
  /** The end of the line that `from` is on. */
  const lineEnd = (from: number) => {
    const end = text.slice(from).search(/[\r\n]/);
    return end < 0 ? n : from + end;
  };
  while (i < n) {
    const fieldStart = i;
    if (text.charCodeAt(i) === QUOTE) {
      const opened = line;
      for (i++; ; ) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          line = opened;
          const last = linesBefore + 1 + lineBreaks(text, 0, n - (text.endsWith('\r\n') ? 2 : /[\r\n]$/.test(text) ? 1 : 0));
          const message = `${where()}: the quote that opens this field, ${quoted(text.slice(fieldStart, lineEnd(fieldStart)))}, is never closed, so the rest of the file (to line ${last}) would be one cell; close it, or double a quote that is part of the text ("")`;
          return { message, recordStart };
        }
        line += lineBreaks(text, i, close);
        if (text.charCodeAt(close + 1) === QUOTE) i = close + 2; // a doubled quote
        else {
          i = close + 1;
          break;
        }
      }
      if (i < n && !text.startsWith(delimiter, i) && text.charCodeAt(i) !== LINE_FEED && text.charCodeAt(i) !== CARRIAGE_RETURN) {
        const message = `${where()}: text after the closing quote of a quoted field, in ${quoted(text.slice(fieldStart, fieldEnd(i)))}; a quote inside a quoted field is doubled ("")`;
        return { message, recordStart };
      }
    } else {
      i = fieldEnd(i);
      const quote = text.indexOf('"', fieldStart);
      if (quote >= 0 && quote < i) {
        const message = `${where()}: a quote inside a field that does not start with one, in ${quoted(text.slice(fieldStart, i))}; a field that holds a quote is written in quotes with each quote doubled ("a ""b"" c"), or remove the quote`;
        return { message, recordStart };
      }
    }
    if (i >= n) break;
    if (text.startsWith(delimiter, i)) {
      i += delimiter.length;
      field++;
      if (i === n) break;
    } else {
      i += text.charCodeAt(i) === CARRIAGE_RETURN && text.charCodeAt(i + 1) === LINE_FEED ? 2 : 1;
      line++;
      recordStart = i;
      field = 1;
    }
  }
  return undefined;
}
