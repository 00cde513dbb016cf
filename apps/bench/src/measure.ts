/**
 * One figure: samples per second of one contender on one workload, the median of three timed runs.
 * Two runs of a small probe size come first: one warms the code up (JIT, worker threads, wasm
 * compilation), the next estimates the rate; when the full workload would take longer than the budget, each timed run does a capped
 * size instead (fewer epochs, then fewer rows, in whole batches), and the report says so.
 * Samples per second do not depend on the size beyond per-epoch overheads, which a cap that keeps
 * whole epochs keeps in proportion.
 */
import type { Prepared } from './contender.js';
import { fullSize, samplesOf, type Size, type Workload } from './workloads.js';

export interface Figure {
  samplesPerSecond: number;
  /** What each timed run did. */
  size: Size;
  /** The three rates, sorted. */
  rates: number[];
}

export interface Budget {
  /** Longest a timed run should take, in seconds (Infinity: always the full workload). */
  seconds: number;
  /** The warm-up run's size for a workload. */
  probe(workload: Workload): Size;
}

export async function measure(prepared: Prepared, workload: Workload, budget: Budget): Promise<Figure> {
  const probe = budget.probe(workload);
  const probeRun = await prepared.at(probe);
  await probeRun(); // warm-up
  const probeRate = samplesOf(probe) / (await time(probeRun));
  const size = cappedSize(workload, probeRate * budget.seconds);
  const run = await prepared.at(size);
  const rates: number[] = [];
  for (let i = 0; i < 3; i++) rates.push(samplesOf(size) / (await time(run)));
  rates.sort((a, b) => a - b);
  return { samplesPerSecond: rates[1], size, rates };
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
