/**
 * What a line is, for the line numbers of errors: a line break is "\r\n", "\n", or a "\r" alone
 * (old Mac files, or a file that mixes them), as editors count lines and as csv-parse ends records
 * (csv-parse-batch.ts gives it all three). A "\r\n" inside a quoted field is one line break too.
 */

const CARRIAGE_RETURN = 0x0d; // \r
const LINE_FEED = 0x0a; // \n

/** The line breaks in text[from, to) (or bytes), a "\r" at `to - 1` counted alone unless a "\n" follows it in the whole text. */
export function lineBreaks(text: string | Uint8Array, from = 0, to = text.length): number {
  let count = 0;
  if (typeof text === 'string') {
    for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
    for (let at = text.indexOf('\r', from); at >= 0 && at < to; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== LINE_FEED) count++;
  } else {
    for (let at = text.indexOf(LINE_FEED, from); at >= 0 && at < to; at = text.indexOf(LINE_FEED, at + 1)) count++;
    for (let at = text.indexOf(CARRIAGE_RETURN, from); at >= 0 && at < to; at = text.indexOf(CARRIAGE_RETURN, at + 1)) if (text[at + 1] !== LINE_FEED) count++;
  }
  return count;
}
