/**
 * One figure: samples per second of one contender on one workload, the median of three timed runs.
 * Runs of a small probe size come first: for minSeconds they warm the code up (JIT, worker
 * threads, wasm compilation), then one more estimates the rate; when the full workload would take longer than the budget, each timed run does a capped
 * size instead (fewer epochs, then fewer rows, in whole batches), and the report says so.
 * Samples per second do not depend on the size beyond per-epoch overheads, which a cap that keeps
 * whole epochs keeps in proportion. A workload shorter than `minSeconds` (W3's 40,000 updates take
 * about 10 ms) is called back to back until a timed run lasts that long, so that one garbage
 * collection or scheduler hiccup is not a third of a figure.
 */
import type { Contender, Prepared } from './contender.js';
import { fullSize, samplesOf, type Size, type Workload } from './workloads.js';

export interface Figure {
  samplesPerSecond: number;
  /** What each call in a timed run did. */
  size: Size;
  /** Calls of that size back to back in each timed run. */
  repeats: number;
  /** The three rates, sorted. */
  rates: number[];
}

export interface Budget {
  /** Longest a timed run should take, in seconds (Infinity: always the full workload). */
  seconds: number;
  /** Shortest a timed run should take: a shorter workload is repeated back to back. */
  minSeconds: number;
  /** The warm-up run's size for a workload. */
  probe(workload: Workload): Size;
}

export async function measure(prepared: Prepared, workload: Workload, budget: Budget): Promise<Figure> {
  const probe = budget.probe(workload);
  const probeRun = await prepared.at(probe);
  // Warm-up: the probe back to back for minSeconds, so that the JIT has compiled the hot code
  // before anything is timed (a 2-3-1 network's first thousand updates run in the interpreter).
  const warmUpEnd = performance.now() + 1000 * budget.minSeconds;
  do await probeRun();
  while (performance.now() < warmUpEnd);
  const probeRate = samplesOf(probe) / (await time(probeRun));
  const size = cappedSize(workload, probeRate * budget.seconds);
  const repeats = Math.max(1, Math.ceil((budget.minSeconds * probeRate) / samplesOf(size)));
  const run = await prepared.at(size);
  const rates: number[] = [];
  for (let i = 0; i < 3; i++) {
    rates.push((repeats * samplesOf(size)) / (await time(async () => {
      for (let k = 0; k < repeats; k++) await run();
    })));
  }
  rates.sort((a, b) => a - b);
  return { samplesPerSecond: rates[1], size, repeats, rates };
}

/** Workloads whose cold figure is measured: short ones, where a first call's costs show. */
export const COLD_WORKLOADS: readonly Workload['id'][] = ['W1p', 'W3'];

/**
 * The cold figure: samples per second of the whole workload on a fresh model with no warm-up run,
 * the median of 3 fresh models (one, if the first took longer than `longest` seconds). It counts
 * what a user's first call pays: bpnn compiles W3's online step per network, engines compile or
 * optimise code on first use (only the first of the three is the first in the process).
 */
export async function measureCold(contender: Contender, workload: Workload, longest: number): Promise<number> {
  const rates: number[] = [];
  const size = fullSize(workload);
  for (let i = 0; i < 3; i++) {
    const prepared = await contender.prepare(workload);
    const run = await prepared.at(size);
    const seconds = await time(run);
    prepared.dispose();
    rates.push(samplesOf(size) / seconds);
    if (i === 0 && seconds > longest) break;
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

/** Seconds one call of `run` takes. */
async function time(run: () => void | Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

/**
 * The full workload when it has at most `samples` samples; else as many whole epochs over all rows
 * as fit, or one epoch over as many whole batches as fit (at least one batch).
 */
export function cappedSize(workload: Workload, samples: number): Size {
  const full = fullSize(workload);
  if (samplesOf(full) <= samples) return full;
  if (samples >= full.rows) return { rows: full.rows, epochs: Math.floor(samples / full.rows) };
  const batches = Math.max(1, Math.floor(samples / workload.batchSize));
  return { rows: Math.min(full.rows, batches * workload.batchSize), epochs: 1 };
}
