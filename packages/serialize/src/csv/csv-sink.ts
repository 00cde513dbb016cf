/** What receives the records of a CSV file, in order (csv-scan.ts reads them into it; csv-table.ts is the one the readers use). */
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
   * gets the line decoded. Bytes that are not UTF-8 are the sink's to refuse (not-utf8.ts).
   */
  plainBytes?(bytes: Uint8Array, start: number, end: number, line: number, delimiter: number): void;
  /** The header's names once read, if the sink knows them: an error past the header names its column by them. */
  readonly header?: readonly string[] | undefined;
}
