/**
 * The code every thread of the wasm backend runs, as source text (threads.ts): the control block
 * in the shared memory through which the calling thread hands out a kernel call, one thread's part
 * of a call, and a worker's loop, wrapped for a Node worker thread and for a Web Worker. Source
 * text, so that the caller (through new Function) and the workers run exactly the same code.
 */

/**
 * Kernel calls the threads know (the numbers are written into the shared control block): the
 * float32 kernels, then their float64 twins (…F64, on 8-byte values).
 */
export const OP = { exit: 0, gemm: 1, gemmTransA: 2, adam: 3, gemmF64: 4, gemmTransAF64: 5, adamF64: 6 } as const;

/** Control block layout, in 32-bit slots (the block is 16-byte aligned). */
export const GENERATION = 0;
export const PENDING = 1;
export const OPCODE = 2;
export const ARGS = 3; // up to 9 integer arguments
export const THREADS = 12;
/** Which pool the block serves now: raised each time a pool starts on it, so the workers of a closed one leave. */
export const POOL = 13;
/** How many workers of the pool run: each adds 1 once its module is instantiated (the pool sets 0 before starting them). */
export const STARTED = 14;
/** Up to 4 float arguments, as float64 (slots 16–23), read through a Float64Array of the block: this index. */
export const FLOAT = 8;
export const CONTROL_SLOTS = 32;

/**
 * One thread's share of a call, as source text so that the calling thread and the workers run
 * exactly the same code. Work is split in units of 4 rows (the kernels' register tile); `s` is the
 * size of a value in bytes (4, or 8 for the float64 kernels).
 */
export const PART_SOURCE = `
  const op = c[${OPCODE}], T = c[${THREADS}];
  const f64 = op >= ${OP.gemmF64}, s = f64 ? 8 : 4;
  const share = (total) => {
    const units = Math.ceil(total / 4);
    return [Math.min(4 * Math.floor((units * index) / T), total), Math.min(4 * Math.floor((units * (index + 1)) / T), total)];
  };
  if (op === ${OP.gemm} || op === ${OP.gemmF64}) {
    // c (rows, m) = a (rows, n) · b (n, m) + bias: this thread's band of rows (b's strips packed by the caller when P ≠ 0).
    const [C, A, B, P, bias, rows, n, m] = [c[${ARGS}], c[${ARGS + 1}], c[${ARGS + 2}], c[${ARGS + 3}], c[${ARGS + 4}], c[${ARGS + 5}], c[${ARGS + 6}], c[${ARGS + 7}]];
    const [r0, r1] = share(rows);
    if (r1 > r0) (f64 ? k.gemmF64 : k.gemm)(C + r0 * m * s, A + r0 * n * s, B, P, bias, r1 - r0, n, m);
  } else if (op === ${OP.gemmTransA} || op === ${OP.gemmTransAF64}) {
    // dw (n, m) = scale · aᵀ · d: this thread's band of dw's rows (d's strips packed by the caller when P ≠ 0); thread 0 also sums db.
    const [dw, db, A, d, P, rows, n, m] = [c[${ARGS}], c[${ARGS + 1}], c[${ARGS + 2}], c[${ARGS + 3}], c[${ARGS + 4}], c[${ARGS + 5}], c[${ARGS + 6}], c[${ARGS + 7}]];
    const [i0, i1] = share(n);
    if (i1 > i0 || index === 0) (f64 ? k.gemmTransAF64 : k.gemmTransA)(dw + i0 * m * s, index === 0 ? db : 0, A + i0 * s, d, P, rows, i1 - i0, m, f[${FLOAT}], n);
  } else if (op === ${OP.adam} || op === ${OP.adamF64}) {
    // One Adam step over this thread's band of the parameters (each updated on its own).
    const [p, g, mo, v, count] = [c[${ARGS}], c[${ARGS + 1}], c[${ARGS + 2}], c[${ARGS + 3}], c[${ARGS + 4}]];
    const [i0, i1] = share(count);
    if (i1 > i0) (f64 ? k.adamStepF64 : k.adamStep)(p + i0 * s, g + i0 * s, mo + i0 * s, v + i0 * s, i1 - i0, f[${FLOAT}], f[${FLOAT + 1}], f[${FLOAT + 2}], f[${FLOAT + 3}]);
  }
`;

/**
 * How long a worker polls for the next call before it sleeps (a few hundred microseconds): calls come every few
 * hundred microseconds during training, and a futex wake-up costs tens of microseconds.
 */
const SPINS = 20_000;

/**
 * A worker's loop once it has its { wasmModule, memory, control, index, pool, generation }: say it
 * runs (STARTED), then wait, run its part, report. It starts from the generation the block had
 * when its pool started, and leaves, without a word, on the exit call or on a call of a later pool
 * on the same block (one started after its own was closed, before it saw the exit).
 * No name here is `module`, `exports` or `require` declared anew: Bun and Deno run a Node worker's
 * eval source as the body of a CommonJS function whose parameters have those names, where
 * `const module` is a SyntaxError (and the worker never starts).
 */
const WORKER_LOOP = `
  const k = new WebAssembly.Instance(wasmModule, { env: { memory } }).exports;
  const c = new Int32Array(memory.buffer, control, ${CONTROL_SLOTS});
  const f = new Float64Array(memory.buffer, control, ${CONTROL_SLOTS / 2});
  if (Atomics.load(c, ${POOL}) === pool) {
    Atomics.add(c, ${STARTED}, 1);
    Atomics.notify(c, ${STARTED});
  }
  let seen = generation;
  for (;;) {
    for (let spin = 0; spin < ${SPINS} && Atomics.load(c, ${GENERATION}) === seen; spin++);
    // A wake-up is not a new call: the caller may be descheduled between raising the generation
    // and notifying, so its notify can arrive after this worker has already run that call and
    // gone back to sleep. Running it again would count the worker twice and leave the caller
    // waiting forever (a hang seen under load); so sleep until the generation really moves.
    while (Atomics.load(c, ${GENERATION}) === seen) Atomics.wait(c, ${GENERATION}, seen);
    seen = Atomics.load(c, ${GENERATION});
    if (Atomics.load(c, ${POOL}) !== pool || c[${OPCODE}] === ${OP.exit}) break;
    ${PART_SOURCE}
    if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
  }
`;

/** A Node worker thread: its data comes as workerData; it runs as soon as it is created. */
export const NODE_WORKER_SOURCE = `
  const { workerData } = require('node:worker_threads');
  const { module: wasmModule, memory, control, index, pool, generation } = workerData;
  ${WORKER_LOOP}
`;

/** A Web Worker: its data comes as the first message; it says it runs before it starts waiting. */
export const WEB_WORKER_SOURCE = `
  self.onmessage = (event) => {
    self.onmessage = null;
    const { module: wasmModule, memory, control, index, pool, generation } = event.data;
    self.postMessage('running');
    ${WORKER_LOOP}
  };
`;
