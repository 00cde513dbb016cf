/**
 * `pnpm bench`: bpnn against its peers (TensorFlow.js on WebAssembly, brain.js) on the workloads of
 * workloads.ts, in one process. For each workload and contender it prints samples per second
 * (the median of three timed runs after a warm-up run), GFLOP/s, and bpnn's ratio to each peer;
 * then notes on how the peers were run, and the memory high-water mark of bpnn's W2 training.
 * It reports; it asserts nothing.
 *   --quick  a smoke run: tiny runs, figures only roughly right
 *   --full   every timed run does the whole workload, however long that takes
 *   --only W1,W3   only these workloads (W1, W1p, W2, W2i, W3)
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { Contender } from './contender.js';
import { ceilingLoop, measureCeiling, SUMS } from './ceiling.js';
import { bpnn, kernelBuild } from './contenders/bpnn.js';
import { brain } from './contenders/brain.js';
import { fann } from './contenders/fann.js';
import { pytorch, sklearn } from './contenders/python.js';
import { tfjs } from './contenders/tfjs.js';
import { COLD_WORKLOADS, measure, measureCold, type Budget } from './measure.js';
import { measureMemory } from './memory.js';
import { memoryLines, workloadTable, type Result } from './report.js';
import { w2Data, workloads, type Size, type Workload } from './workloads.js';

const USAGE = 'usage: pnpm bench [--quick] [--full] [--only W1,W1p,W2,W2i,W3]';
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const quick = args.includes('--quick');
const full = args.includes('--full');
const onlyAt = args.indexOf('--only');
const only = onlyAt < 0 ? null : (args[onlyAt + 1] ?? '').split(',');
// Unknown flags and workloads are errors, not a full run of what was not asked for.
const WORKLOAD_IDS = ['W1', 'W1p', 'W2', 'W2i', 'W3'];
const unknown = args.filter((arg, i) => !['--quick', '--full', '--only'].includes(arg) && !(i === onlyAt + 1 && onlyAt >= 0));
const badWorkload = only?.find((id) => !WORKLOAD_IDS.includes(id));
if (unknown.length > 0 || badWorkload !== undefined || (onlyAt >= 0 && args[onlyAt + 1] === undefined)) {
  const what = unknown.length > 0 ? `unknown option ${JSON.stringify(unknown[0])}` : badWorkload !== undefined ? `unknown workload ${JSON.stringify(badWorkload)} (the workloads are ${WORKLOAD_IDS.join(', ')})` : '--only needs a list of workloads';
  console.error(`bench: ${what}\n${USAGE}`);
  process.exit(2);
}

/** A timed run stops at about `seconds` (by a smaller size); the warm-up run's size per workload. */
const budget: Budget = {
  seconds: full ? Infinity : quick ? 0.1 : 2.5,
  minSeconds: quick ? 0.02 : 0.5,
  probe(w: Workload): Size {
    if (w.id === 'W3') return { rows: 4, epochs: quick ? 50 : 250 };
    if (w.id === 'W2') return { rows: quick ? 64 : 512, epochs: 1 };
    if (w.id === 'W2i') return { rows: 1024, epochs: 1 };
    if (w.id === 'W1p') return { rows: quick ? 64 : 512, epochs: 1 };
    return { rows: quick ? 320 : w.x.rows, epochs: 1 };
  },
};

/** The ceiling.ts loop's GFLOP/s, plain and FMA: what no float32 kernel of bpnn's can pass here. */
function ceilingLine(): string {
  const figure = (kind: 'plain' | 'fma') => {
    const loop = ceilingLoop(kind);
    return loop === null ? 'not on this engine' : `${measureCeiling(loop).toFixed(1)} GFLOP/s`;
  };
  return `f32x4 multiply-adds into ${SUMS} sums held in registers: mul then add ${figure('plain')}, relaxed_madd ${figure('fma')}`;
}

/** In the order they run, on every workload: bpnn, the JavaScript peers, then the native ones. */
const contenders: Contender[] = [bpnn('float32', 'auto'), bpnn('float32', 1), bpnn('float64', 'auto'), tfjs(), brain(), fann('float'), fann('double'), pytorch(), sklearn()];

const NOTES = [
  'Every figure is the median of 3 timed runs on the same model, after untimed runs of a small size: 0.5 s of warm-up, then',
  '  one to estimate the rate;',
  '  "spread" is (slowest − fastest) ÷ median of the three. A workload that takes less than 0.5 s (W3) is run back to back',
  '  until a timed run lasts 0.5 s ("× k" after the samples per run).',
  'GFLOP/s counts per training sample 2 × weights (forward), 2 × weights (weight gradients) and 2 × the weights past the first',
  '  layer (residuals: no contender computes the input\'s), per inference sample 2 × weights; biases and activations not counted.',
  '  "this engine\'s ceiling" (src/ceiling.ts) times a WebAssembly loop of f32x4 multiply-adds alone, with no loads or stores, best of 7 runs:',
  '  no float32 kernel of bpnn\'s can pass it on one thread, as each also reads a and b and writes c.',
  `"samples per run" below the full count: the full workload would take a timed run longer than ${full ? '—' : `${budget.seconds} s`}, so each`,
  '  run did fewer epochs (or one epoch over the first rows, in whole batches); samples/s is measured on that, and "full workload"',
  '  (~) extrapolates it. `bench --full` runs every figure on the whole workload.',
  'bpnn: the data is put into the network\'s own memory (network.ownMatrix) before timing, as tfjs\'s tensors are made before timing.',
  '  "bpnn ÷ peer" uses bpnn float32 with threads auto; "bpnn 1 thread ÷ peer" with threads: 1 (both peers run on one thread).',
  'tfjs: tf.sequential of tf.layers.dense, model.compile with the same optimiser and loss; W1/W2 train with model.fit({ batchSize,',
  '  epochs, shuffle: true }); W3 with a loop of optimizer.minimize over one-sample tensors, since model.fit spends online training',
  '  in per-batch bookkeeping; inference is one model.predict and dataSync per 1024-row tensor (W1p: per 1-row tensor; on the whole 20,000-row tensor,',
  '  model.predict(x, { batchSize: 1024 }) runs at about 2–4k samples/s: the wasm Slice kernel copies all of x for each batch). float32 only.',
  'brain.js: NeuralNetwork({ hiddenLayers, activation, learningRate, praxis }).train(data, { iterations: epochs }) and net.run(input).',
  '  It differs from the workloads where its API has no equivalent: it updates the weights after every sample (no mini-batches);',
  '  the output layer uses the hidden activation (sigmoid or relu) with squared-error deltas (no softmax, no cross-entropy); W1/W2',
  '  use praxis: \'adam\'; W3 its SGD with momentum 0.1 (its minimum is > 0); each iteration also computes the training error;',
  '  inference is one net.run per sample (no batch API). brain.js 2 loads gpu.js, which requires the native `gl` addon; that cannot',
  '  be built here (no downloads), so the bundle maps `gl` to an empty stand-in and gpu.js reports headless WebGL as unsupported.',
  '  The CPU NeuralNetwork timed here does not use gpu.js.',
  'FANN, PyTorch, scikit-learn: separate processes (apps/bench/native/), each on one thread, that read the workload\'s data as raw',
  '  float32 before timing; a timed run is one command over a pipe (a round trip of tens of µs, against runs of ≥ 0.5 s). FANN',
  '  runs what version 2.2 has: sigmoid layers and squared error (no relu, softmax or cross-entropy), RPROP over whole epochs',
  '  (no Adam, no mini-batches) for W1/W2, online SGD for W3 (which is W3 exactly), fann_run per sample for inference; once',
  '  in its float build and once in its double build (libdoublefann), the peer "bpnn float64 ÷ peer" is read against.',
  '  scikit-learn: MLPClassifier(solver adam, the workload\'s batch size and activation, tol 0, no early stop), fit with',
  '  warm_start and max_iter = epochs; predict_proba per batch (W1p: per row).',
  '"cold": the whole workload on a fresh model without warm-up, the median of 3 fresh models (1 when the first took over 2.5 s);',
  '  only the first of them is the first run of that code in the process.',
];

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`bpnn peer benchmark${quick ? ' (--quick: smoke run, figures rough)' : full ? ' (--full)' : ''}`);
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (${availableParallelism()} available), ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version} ${process.platform}-${process.arch}; load average at start ${loadavg()[0].toFixed(2)}`,
  );

  // First, while the process is still small: W2's data and bpnn training on it.
  const memory = measureMemory(w2Data, [784, 256, 128, 10], 64, quick ? 20 : 50);
  const list = await workloads(memory.data);

  console.log(`bpnn's WebAssembly kernels on this engine: ${kernelBuild()}`);
  console.log(`this engine's ceiling on one core: ${ceilingLine()}`);
  const skipped: string[] = [];
  const running = contenders.filter((c) => {
    const why = c.unavailable?.() ?? null;
    if (why !== null) skipped.push(`${c.name}: ${why}`);
    return why === null;
  });
  console.log('contenders:');
  for (const c of running) console.log(`  ${c.name.padEnd(26)} ${c.describe()}`);
  for (const line of skipped) console.log(`  ${line}`);
  // Every peer process has started (imported its library) before the first timed run: else the
  // first workload's first rows (bpnn float32, threads auto) ran beside PyTorch's and
  // scikit-learn's imports, on a machine of two cores.
  await Promise.all(running.map((c) => c.ready?.()));
  for (const workload of list.filter((w) => only === null || only.includes(w.id))) {
    const results: Result[] = [];
    for (const contender of running) {
      const why = contender.unsupported?.(workload) ?? null;
      if (why !== null) {
        skipped.push(`${contender.name}, ${workload.id}: ${why}`);
        continue;
      }
      const cold = COLD_WORKLOADS.includes(workload.id) && !quick ? await measureCold(contender, workload, 2.5) : undefined;
      const prepared = await contender.prepare(workload);
      const figure = await measure(prepared, workload, budget);
      prepared.dispose();
      results.push({ contender: contender.name, role: contender.role, engine: prepared.engine, api: prepared.api, figure, cold });
    }
    console.log('');
    for (const line of workloadTable(workload, results)) console.log(line);
  }
  for (const c of running) c.close?.();
  if (skipped.length > 0) console.log(['', 'SKIPPED', ...skipped.map((line) => `  ${line}`)].join('\n'));
  console.log('');
  console.log('NOTES');
  for (const line of NOTES) console.log(`  ${line}`);
  console.log('');
  for (const line of memoryLines(memory.report)) console.log(line);
}

await main();
