/**
 * The `encoding` option of the CSV readers: the character encoding of input given as bytes, by the
 * Encoding Standard's names and labels (https://encoding.spec.whatwg.org/#names-and-labels), as
 * TextDecoder takes them: `utf-8` (the default), `windows-1252` (also `latin1`, `iso-8859-1`,
 * `cp1252`: what Excel on Windows saves as "CSV" in Western European locales), `utf-16le`, … Text
 * (strings) is already characters, and is read as it is.
 *
 * A byte-order mark at the start of the bytes decides, as browsers decide (the Encoding Standard's
 * "decode"): EF BB BF is UTF-8, FF FE UTF-16LE, FE FF UTF-16BE, whatever `encoding` says.
 */
import { ConfigError, show } from '@bpnn/core';
import { decodeWindows1252 } from './windows-1252.js';

/** The Encoding Standard's encodings, by the names TextDecoder gives them (`decoder.encoding`). */
export const CSV_ENCODINGS = [
  'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7',
  'iso-8859-8', 'iso-8859-8-i', 'iso-8859-10', 'iso-8859-13', 'iso-8859-14', 'iso-8859-15', 'iso-8859-16', 'windows-874', 'windows-1250',
  'windows-1251', 'windows-1253', 'windows-1254', 'windows-1255', 'windows-1256', 'windows-1257', 'windows-1258', 'koi8-r', 'koi8-u',
  'ibm866', 'macintosh', 'x-mac-cyrillic', 'gbk', 'gb18030', 'big5', 'euc-jp', 'iso-2022-jp', 'shift_jis', 'euc-kr',
] as const;

/** What the error of an unknown encoding lists: the names, and that their other labels are taken too. */
export const ENCODING_CHOICES = `${CSV_ENCODINGS.join(', ')}, or another label of one (latin1, iso-8859-1, cp1252, sjis, …)`;

/**
 * The encoding a label names (TextDecoder's name for it, as in CSV_ENCODINGS), or a ConfigError
 * that lists the encodings; one this runtime's TextDecoder lacks (a Node built with small ICU) says so.
 */
export function csvEncoding(label: unknown): string {
  if (label === undefined) return 'utf-8';
  if (typeof label !== 'string') throw new ConfigError('encoding', `must be the name of a character encoding, such as "utf-8" or "windows-1252", got ${show(label)}`);
  let name: string | undefined;
  try {
    name = new TextDecoder(label).encoding;
  } catch {
    name = undefined;
  }
  if (name !== undefined && (CSV_ENCODINGS as readonly string[]).includes(name)) return name;
  const known = (CSV_ENCODINGS as readonly string[]).includes(label.trim().toLowerCase());
  if (known) throw new ConfigError('encoding', `${JSON.stringify(label)} is an encoding this JavaScript runtime's TextDecoder does not have (a Node.js built without full ICU?); convert the file to UTF-8 (iconv -f ${label} -t UTF-8)`);
  throw new ConfigError('encoding', `must be one of ${ENCODING_CHOICES}, got ${show(label)}`);
}

/** The encoding a byte-order mark at the start of `head` names, or undefined. */
export function byteOrderMark(head: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Decodes chunk after chunk (`stream`: more follow); bytes that are not of the encoding throw TypeError, as a fatal TextDecoder's. */
export interface ChunkDecoder {
  /** The text of `bytes`; with `stream`, a character cut at their end waits for the next call. */
  decode(bytes: Uint8Array, options?: { stream?: boolean }): string;
}

/**
 * A decoder of `encoding` (a name of CSV_ENCODINGS) that refuses bytes that are not of it rather than
 * putting U+FFFD in their place; a byte-order mark of the encoding itself at the start is dropped.
 * Windows-1252 has its own table (windows-1252.ts), every byte of which is a character.
 */
export function chunkDecoder(encoding: string): ChunkDecoder {
  if (encoding === 'windows-1252') return { decode: (bytes) => decodeWindows1252(bytes) };
  return new TextDecoder(encoding, { fatal: true });
}
