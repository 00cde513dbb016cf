/**
 * How the benchmark prints: one table per workload (a row per contender, with bpnn's ratio to each
 * peer), then the notes that say how each peer was run, then the memory figures.
 */
import type { Figure } from './measure.js';
import type { MemoryReport } from './memory.js';
import { fullSize, samplesOf, type Workload } from './workloads.js';

export interface Result {
  contender: string;
  role: 'bpnn' | 'peer';
  engine: string;
  api: string;
  figure: Figure;
  /** Samples per second of a cold run (measure.ts measureCold), for the workloads that have one. */
  cold?: number;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Left-aligned text columns, right-aligned number columns, two spaces apart. */
export function table(header: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [header, ...rows].map(line);
}

/**
 * A workload's table. Ratios: bpnn float32 with its default threads (auto), with threads: 1, and
 * bpnn float64 (against a double peer such as FANN's double build), each divided by the peer's
 * samples per second (above 1: bpnn is faster).
 */
export function workloadTable(workload: Workload, results: Result[]): string[] {
  const full = samplesOf(fullSize(workload));
  const rateOf = (name: string) => results.find((r) => r.contender === name)?.figure.samplesPerSecond;
  const bpnnAuto = rateOf('bpnn float32');
  const bpnnOne = rateOf('bpnn float32, threads: 1');
  const bpnn64 = rateOf('bpnn float64');
  const ratio = (bpnn: number | undefined, r: Result) =>
    r.role === 'peer' && bpnn !== undefined ? `${(bpnn / r.figure.samplesPerSecond).toFixed(2)}×` : '';
  const rows = results.map((r) => {
    const { samplesPerSecond, size, repeats, rates } = r.figure;
    const capped = samplesOf(size) < full;
    const spread = (rates[rates.length - 1] - rates[0]) / samplesPerSecond;
    return [
      r.contender,
      r.engine,
      r.api,
      count(samplesPerSecond),
      `${(100 * spread).toFixed(0)} %`,
      ((samplesPerSecond * workload.flopsPerSample) / 1e9).toFixed(2),
      (capped ? `${count(samplesOf(size))} of ${count(full)}` : `${count(full)} (all)`) + (repeats > 1 ? ` × ${repeats}` : ''),
      `${capped ? '~' : ''}${(full / samplesPerSecond).toFixed(2)} s`,
      ratio(bpnnAuto, r),
      ratio(bpnnOne, r),
      ratio(bpnn64, r),
    ];
  });
  const header = ['contender', 'engine', 'timed call', 'samples/s', 'spread', 'GFLOP/s', 'samples per run', 'full workload', 'bpnn ÷ peer', 'bpnn 1 thread ÷ peer', 'bpnn float64 ÷ peer'];
  const numeric = [false, false, false, true, true, true, true, true, true, true, true];
  const single = workload.task === 'infer' && workload.batchSize === 1;
  if (results.some((r) => r.cold !== undefined)) {
    // A fresh model's first run of the whole workload, no warm-up.
    header.splice(4, 0, single ? 'cold µs per call' : 'cold samples/s');
    numeric.splice(4, 0, true);
    results.forEach((r, i) => rows[i].splice(4, 0, r.cold === undefined ? '' : single ? (1e6 / r.cold).toFixed(2) : count(r.cold)));
  }
  if (single) {
    // Single-sample calls: their latency is the figure users ask about.
    header.splice(4, 0, 'µs per call');
    numeric.splice(4, 0, true);
    results.forEach((r, i) => rows[i].splice(4, 0, (1e6 / r.figure.samplesPerSecond).toFixed(2)));
  }
  return [workload.title, ...table(header, rows, numeric).map((l) => `  ${l}`)];
}

export function memoryLines(m: MemoryReport): string[] {
  const times = (bytes: number) => `${(bytes / m.needed.total).toFixed(2)}× that`;
  return [
    `MEMORY, bpnn W2 training (float32, ${m.engine}; fit on the caller's float32 matrix, stopped after ${m.batches} batches; target ≤ 2×):`,
    `  data ${mb(m.needed.data)} + parameters ${mb(m.needed.parameters)} + one batch of activations ${mb(m.needed.batch)} = ${mb(m.needed.total)}`,
    `  peak RSS − RSS before the data was made: ${mb(m.peakRssDelta)} = ${times(m.peakRssDelta)} (includes the worker threads' own heaps)`,
    `  the caller's data + the network's WebAssembly memory (${mb(m.networkMemory)}: parameters, gradients, Adam state, activations,`,
    `    batch buffers; fit reads the caller's matrix by row and copies no whole data set): ${mb(m.buffers)} = ${times(m.buffers)}`,
  ];
}
