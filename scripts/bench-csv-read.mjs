// One timed read of a CSV data set as `bpnn train` reads it (a child of bench-csv.mjs, so that its
// memory high-water mark is its own): prints JSON with the seconds, the rows and the process's peak
// RSS. Reads with the @bpnn/serialize of the checkout ROOT: readCsvColumns where it has it (as
// bpnn train since issue 15), else readCsvDataset (as before).
//
//   node scripts/bench-csv-read.mjs ROOT FILE.csv TARGET DTYPE
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, file, target, dtype] = process.argv.slice(2);
const serialize = await import(pathToFileURL(join(root, 'packages/serialize/dist/index.js')).href);
const chunks = createReadStream(file); // as the CLI's streamInput reads a file
const start = performance.now();
let rows;
if (serialize.readCsvColumns !== undefined) {
  rows = (await serialize.readCsvColumns(chunks, { target, dtype, source: file, byteLength: statSync(file).size })).rows;
} else {
  rows = (await serialize.readCsvDataset(chunks, { target, dtype, source: file })).targets.length;
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ seconds, rows, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
