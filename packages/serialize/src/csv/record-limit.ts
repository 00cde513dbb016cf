/**
 * The most one CSV record may hold while it is read. A record is held whole until its line break
 * outside quotes comes (csv-batches.ts, csv-byte-batches.ts), so a quote never closed near the
 * start of a file of gigabytes would hold the rest of the file in memory until its end, and only
 * then be named by csv-parse; past this limit the reader stops at once and names the line where
 * the record starts. The limit counts bytes of bytes read as UTF-8, characters (UTF-16 code units)
 * of text and of bytes decoded from another encoding.
 */
import { ConfigError, FormatError, show } from '@bpnn/core';

/** 256 MiB: the default `maxRecordBytes` of every CSV reader. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** A reader's `maxRecordBytes` option, checked: a whole number ≥ 1, MAX_RECORD_BYTES when not given. */
export function maxRecordBytes(value: unknown): number {
  if (value === undefined) return MAX_RECORD_BYTES;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError('maxRecordBytes', `must be a whole number of bytes ≥ 1 (the most one record may hold; default ${MAX_RECORD_BYTES}, 256 MiB), got ${show(value)}`);
  }
  return value;
}

/** The error of a record that starts on `line` and has grown past `limit`. */
export function recordTooLong(source: string, line: number, limit: number): FormatError {
  const size = limit % (1024 * 1024) === 0 ? `${limit / (1024 * 1024)} MiB` : `${limit} bytes`;
  return new FormatError(`${source} line ${line}: the record that starts here is over ${size}, the most one record may hold (maxRecordBytes); a quote that is never closed makes the rest of the file one record: look for an unpaired " from this line on`);
}
