/**
 * @bpnn/serialize: everything between bytes and bpnn objects. It works on strings, bytes and
 * async iterables of chunks, never on paths: the apps own all I/O.
 */
export { readCsvDataset } from './csv.js';
export type { CsvDatasetOptions, CsvSource } from './csv.js';
