/**
 * Test helper: the bundled CSV data sets (the project's data/ folder), read with a plain split on
 * commas, which is enough for these files (no quoted fields). Real CSV reading is @bpnn/serialize's.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/data/dataset.js';

export function loadCsv(file: string, target: string): Dataset {
  const path = fileURLToPath(new URL(`../../../data/${file}`, import.meta.url));
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  const t = names.indexOf(target);
  const rows = lines.map((line) => line.split(','));
  return {
    inputNames: names.filter((_, i) => i !== t),
    inputs: rows.map((row) => row.filter((_, i) => i !== t).map(Number)),
    targetNames: [target],
    targets: rows.map((row) => [row[t]]),
  };
}
