/**
 * The page: trains the experiments (experiments.ts) with fitAsync on this thread while a timer
 * keeps ticking, then again in a Web Worker with trainInWorker, then an iris Model that it saves
 * and reads back (@bpnn/serialize); it shows the
 * predictions and leaves everything in `window.bpnnResults` for the browser test to read.
 */
import { Network, fitAsync } from '@bpnn/core';
import { trainInWorker } from '@bpnn/core/worker';
import { irisModel, runExperiments, type Outcomes } from './experiments.js';

export interface PageResults {
  crossOriginIsolated: boolean;
  /** Timer callbacks that ran while the page's thread was training (it stays responsive). */
  ticksWhileTraining: number;
  mainThread: Outcomes;
  worker: Outcomes;
  /** The iris Model's probabilities, and those of the model read back from its .bpnn bytes. */
  model: { probabilities: number[]; reloaded: number[]; bytes: number[] };
  /** The error `threads: 2` gives here, or null where it is allowed. */
  threadsError: string | null;
}

const log = (line: string) => {
  document.getElementById('log')!.textContent += `${line}\n`;
};

function describe(name: string, outcomes: Outcomes): void {
  const xor = outcomes.xor.predictions.map((p) => p.toFixed(3)).join(', ');
  log(`${name}: XOR → ${xor}`);
  log(`${name}: iris 4-16-3, ${outcomes.iris.epochs} epochs`);
  const { wide } = outcomes;
  log(`${name}: iris 4-512-512-3 float32 on ${wide.backend}, ${wide.threads} thread(s), calls split over up to ${wide.threadsUsed}`);
}

async function main(): Promise<PageResults> {
  log(`cross-origin isolated: ${crossOriginIsolated}`);
  const csv = await (await fetch('/data/iris.csv')).text();

  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  // Two wasm threads where the page may have them (cross-origin isolated), else auto: one.
  const threads = crossOriginIsolated ? 2 : 'auto';
  const mainThread = await runExperiments(csv, (network, x, y, options) => fitAsync(network, x, y, options), threads);
  clearInterval(timer);
  describe('page thread', mainThread);
  log(`timer ticks while training on the page's thread: ${ticks}`);

  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const inWorker = await runExperiments(csv, (network, x, y, options) => trainInWorker(worker, network, x, y, options), threads);
  worker.terminate();
  describe('web worker', inWorker);

  const model = await irisModel(csv);
  const first = (values: number[]) => values.slice(0, 3).map((p) => p.toFixed(3)).join(', ');
  log(`iris model: first row ${first(model.probabilities)}; saved as ${model.bytes.length} bytes of .bpnn, read back: ${first(model.reloaded)}`);

  let threadsError: string | null = null;
  try {
    new Network({ layers: [4, 512, 3], dtype: 'float32', threads: 2 });
  } catch (error) {
    threadsError = error instanceof Error ? error.message : String(error);
    log(`threads: 2 here: ${threadsError}`);
  }
  return { crossOriginIsolated, ticksWhileTraining: ticks, mainThread, worker: inWorker, model: { probabilities: model.probabilities, reloaded: model.reloaded, bytes: Array.from(model.bytes) }, threadsError };
}

const status = document.getElementById('status')!;
(window as unknown as { bpnnResults: Promise<{ ok: true; results: PageResults } | { ok: false; error: string }> }).bpnnResults = main().then(
  (results) => {
    status.textContent = 'done';
    return { ok: true, results };
  },
  (error: unknown) => {
    status.textContent = `failed: ${String(error)}`;
    return { ok: false, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) };
  },
);
