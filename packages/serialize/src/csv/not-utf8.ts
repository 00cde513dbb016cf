/**
 * The error of bytes that are not UTF-8 in CSV read as UTF-8, in place of the U+FFFD a lenient
 * decoder would put there (so that `Température` never becomes `Temp�rature` unseen): the line,
 * the field (its column, past the header), the byte, the bytes around it, and what the file
 * likely is. Bytes around the bad byte that are a third NULs are UTF-16 (fewer: a binary file); a bad byte after
 * good UTF-8 on its line is a file that mixes encodings or is damaged; bytes 81, 8D, 8F, 90 or 9D,
 * which Windows-1252 leaves undefined, are a multi-byte encoding such as Shift_JIS; any other is
 * most likely Windows-1252 (Latin-1), shown as it reads there.
 */
import { FormatError } from '@bpnn/core';
import { firstInvalidUtf8 } from './utf8.js';
import { decodeWindows1252 } from './windows-1252.js';

/** Where bytes that are not UTF-8 were met. */
export interface BadBytes {
  /** What the input is called in errors. */
  source: string;
  /** The line of the bad byte, counted from 1. */
  line: number;
  /** Its field in the record, counted from 1, when known, and that field's column, past the header. */
  field?: number;
  column?: string;
  bytes: Uint8Array;
  /** The first bad byte. */
  at: number;
  /** bytes[from, to) is shown: the field, or the line around the bad byte. */
  from: number;
  to: number;
}

/** Bytes shown on either side of the bad one at most. */
const AROUND = 16;

export function notUtf8Error(bad: BadBytes): FormatError {
  const { bytes, at } = bad;
  let from = Math.max(bad.from, at - AROUND);
  let to = Math.min(bad.to, at + AROUND);
  while (from < at && isContinuation(bytes[from])) from++; // not from inside a character
  while (to > at + 1 && to < bad.to && isContinuation(bytes[to])) to--;
  const where = bad.column !== undefined ? `, column ${JSON.stringify(bad.column)}` : bad.field !== undefined ? `, field ${bad.field}` : '';
  const byte = hex(bytes[at]);
  return new FormatError(`${bad.source} line ${bad.line}${where}: byte ${byte} in ${shown(bytes, from, to)} is not UTF-8; ${likely(bytes, from, to, at)}`);
}

/** What the bytes around the bad one say of the file's encoding, and what to do. */
function likely(bytes: Uint8Array, from: number, to: number, at: number): string {
  const nuls = bytes.subarray(from, to).filter((b) => b === 0).length;
  if (nuls > 0 && nuls * 3 < to - from) return 'the bytes hold NUL bytes: the file looks binary, not CSV text';
  if (nuls > 0) {
    const encoding = bytes[at + 1] === 0 ? 'utf-16le' : bytes[at - 1] === 0 ? 'utf-16be' : 'utf-16le';
    return `the file looks like UTF-16 (a NUL byte beside each ASCII character, as Excel's "Unicode text" writes it): read it with ${encodingOption(encoding)}, or save it as UTF-8`;
  }
  const before = bytes.subarray(from, at);
  if (before.some((b) => b >= 0x80)) {
    return 'the line holds UTF-8 before it, so the file mixes encodings or is damaged: save it again as UTF-8 (in a spreadsheet, as "CSV UTF-8")';
  }
  const part = bytes.subarray(from, to);
  if ([0x81, 0x8d, 0x8f, 0x90, 0x9d].some((b) => part.includes(b))) {
    return `the file is in another encoding, maybe a multi-byte one such as Shift_JIS, GBK or Big5: convert it (iconv -f ENCODING -t UTF-8), or read it with ${encodingOption('ENCODING')} (shift_jis, gbk, big5, euc-kr, …)`;
  }
  const text = JSON.stringify(decodeWindows1252(part));
  return (
    `the file looks like Windows-1252 (Latin-1, which Excel on Windows saves as "CSV"), where these bytes read ${text}: ` +
    `convert it (iconv -f WINDOWS-1252 -t UTF-8), or read it with ${encodingOption('windows-1252')}; ` +
    `if that is not the text, name the file's encoding in the same way (iso-8859-15, windows-1250, shift_jis, …)`
  );
}

/** The option that names an encoding, in the library's words and the command line's. */
function encodingOption(name: string): string {
  return `encoding ${JSON.stringify(name)} (--encoding ${name} on the command line)`;
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** bytes[from, to) quoted, its UTF-8 as text (JSON's escapes) and each byte that is not UTF-8 as \xNN. */
function shown(bytes: Uint8Array, from: number, to: number): string {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  for (let i = from; i < to; ) {
    let bad = firstInvalidUtf8(bytes, i, to);
    if (bad < 0) bad = to;
    text += JSON.stringify(decoder.decode(bytes.subarray(i, bad))).slice(1, -1);
    if (bad < to) text += `\\x${hex(bytes[bad]).slice(2)}`;
    i = bad + 1;
  }
  return `"${text}"`;
}

const QUOTE = 0x22; // "
const LINE_FEED = 0x0a; // \n
const CARRIAGE_RETURN = 0x0d; // \r

/**
 * Where byte `at` of bytes[start, end) lies, when `start` is a record's start (a batch's, or a
 * plain line's) and fields are separated by the byte `delimiter`: the line breaks before it, its
 * field in its record (counted from 1; quotes as RFC 4180 has them), that field's bytes (a quoted
 * field's inside its quotes) and where its record starts.
 */
export function placeOf(bytes: Uint8Array, start: number, end: number, at: number, delimiter: number): { linesBefore: number; field: number; from: number; to: number; record: number } {
  let linesBefore = 0;
  let field = 1;
  let from = start;
  let record = start;
  let quoted = false;
  for (let i = start; i < at; i++) {
    const byte = bytes[i];
    // A line break: "\n", or a "\r" alone (line-breaks.ts), which ends a record too.
    const lineBreak = byte === LINE_FEED || (byte === CARRIAGE_RETURN && bytes[i + 1] !== LINE_FEED);
    if (lineBreak) linesBefore++;
    if (byte === QUOTE) quoted = !quoted;
    else if (!quoted && lineBreak) {
      field = 1;
      from = i + 1;
      record = i + 1;
    } else if (!quoted && byte === delimiter) {
      field++;
      from = i + 1;
    }
  }
  let to = at;
  while (to < end && (quoted || (bytes[to] !== delimiter && bytes[to] !== LINE_FEED && bytes[to] !== CARRIAGE_RETURN))) {
    if (bytes[to] === QUOTE) quoted = !quoted;
    to++;
  }
  // A quoted field is shown as its value, inside its quotes.
  if (bytes[from] === QUOTE && from < at) {
    from++;
    if (to - 1 > at && bytes[to - 1] === QUOTE) to--;
  }
  return { linesBefore, field, from, to, record };
}
