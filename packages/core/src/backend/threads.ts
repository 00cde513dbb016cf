/**
 * Worker threads for the wasm backend. They share the network's WebAssembly memory and split one
 * kernel call at a time by its output rows (a GEMM's batch rows, a weight gradient's rows), so
 * that every output value is computed by one thread with the very same loop: training gives
 * bit-identical weights whatever the number of threads. Small calls run on the calling thread.
 * Threads are Node's worker_threads (process.getBuiltinModule, Node ≥ 20.16; Bun and Deno too) or, in a browser,
 * Web Workers started from a Blob URL of the same source text (the memory is shared only on a
 * cross-origin isolated page); elsewhere the backend runs on one thread. Browser rules shape three
 * things: a Web Worker starts only once its creator is back in the event loop, so a pool is used
 * only once every worker has said it runs (`started`; fitAsync awaits `ready`); and a page's main
 * thread may not block in Atomics.wait, so there the caller polls for the workers to finish; and a
 * page whose Content-Security-Policy forbids eval (new Function) or blob: workers runs on one thread.
 */

import { clock } from '../clock.js';
import { ARGS, CONTROL_SLOTS, FLOAT, GENERATION, OP, OPCODE, PART_SOURCE, PENDING, POOL, STARTED, THREADS } from './thread-code.js';
import { startNodeWorkers, startWebWorkers } from './thread-workers.js';

type Part = (k: unknown, c: Int32Array, f: Float64Array, index: number) => void;

/**
 * Calls in a row whose workers came in late before `auto` threads pause, and for how long; the
 * first calls of a pool are not judged (its workers are still starting).
 */
const LATE_CALLS = 4;
const PAUSE_MS = 250;
const UNJUDGED_CALLS = 32;

/**
 * Whether the workers keep the caller waiting: a machine that does not give them their cores (a
 * busy or oversubscribed one) makes every split call wait for a worker that was not scheduled, and
 * two threads then run slower than one. When, after finishing its own share, the caller waits
 * longer than that share took, LATE_CALLS calls in a row, splitting pauses for PAUSE_MS (threads
 * 'auto' only; an explicit count is obeyed). The weights do not depend on the thread count, so
 * this changes only the speed.
 */
export class Lateness {
  private calls = 0;
  private streak = 0;
  private pausedUntil = -Infinity;

  /** Records one split call: the caller's own share took `own` ms, then it waited `waited` ms. */
  record(own: number, waited: number, now: number): void {
    if (++this.calls <= UNJUDGED_CALLS || waited <= own) {
      this.streak = 0;
    } else if (++this.streak >= LATE_CALLS) {
      this.streak = 0;
      this.pausedUntil = now + PAUSE_MS;
    }
  }

  paused(now: number): boolean {
    return now < this.pausedUntil;
  }
}

export interface ThreadPool {
  readonly size: number;
  /** Whether every worker runs: calls must not wait on a worker that has not started. */
  readonly started: boolean;
  /** Whether a worker could not start (the pool is then never used). */
  readonly failed: boolean;
  /** Resolves once every worker runs. */
  readonly ready: Promise<void>;
  /** How late the workers have been (see Lateness). */
  readonly lateness: Lateness;
  /** Runs one call split over all threads (the caller's included) and returns when all are done. */
  run(op: number, args: readonly number[], floats?: readonly number[]): void;
  close(): void;
}

/**
 * Starts `count − 1` workers on the memory (the caller is thread 0), or returns null where worker
 * threads are not available. `control` is a CONTROL_SLOTS-slot block of that memory.
 */
export function startPool(
  module: unknown,
  memory: { buffer: ArrayBufferLike },
  kernels: unknown,
  control: number,
  count: number,
): ThreadPool | null {
  if (count < 2 || typeof SharedArrayBuffer !== 'function' || !(memory.buffer instanceof SharedArrayBuffer)) return null;
  let part: Part;
  try {
    part = new Function('k', 'c', 'f', 'index', PART_SOURCE) as Part;
  } catch {
    // Code generation is not allowed here (a page's Content-Security-Policy without 'unsafe-eval'):
    // one thread, as where there are no workers, rather than an EvalError out of training.
    return null;
  }
  const c = new Int32Array(memory.buffer, control, CONTROL_SLOTS);
  // This pool's number on the block, raised before any call of it: a worker of a closed pool that
  // wakes to one of its calls sees a number not its own and leaves without running it.
  const pool = Atomics.add(c, POOL, 1) + 1;
  Atomics.store(c, STARTED, 0); // counted up by this pool's workers as they start
  const generation = Atomics.load(c, GENERATION);
  const workers = startNodeWorkers(module, memory, c, count, pool, generation) ?? startWebWorkers(module, memory, control, count, pool, generation);
  if (workers === null) return null;
  const f = new Float64Array(memory.buffer, control, CONTROL_SLOTS / 2);
  // A page's main thread may not block: it polls (spins) instead.
  const mayBlock = typeof (globalThis as { document?: unknown }).document === 'undefined';
  let closed = false;
  const lateness = new Lateness();
  const signal = (op: number) => {
    c[OPCODE] = op;
    c[THREADS] = count;
    Atomics.store(c, PENDING, count - 1);
    Atomics.add(c, GENERATION, 1);
    Atomics.notify(c, GENERATION);
  };
  return {
    size: count,
    get started() {
      return workers.started;
    },
    get failed() {
      return workers.failed;
    },
    ready: workers.ready,
    lateness,
    run(op, args, floats = []) {
      for (let i = 0; i < args.length; i++) c[ARGS + i] = args[i];
      for (let i = 0; i < floats.length; i++) f[FLOAT + i] = floats[i];
      const start = clock.now();
      signal(op);
      part(kernels, c, f, 0);
      const own = clock.now();
      for (;;) {
        const pending = Atomics.load(c, PENDING);
        if (pending === 0) break;
        if (mayBlock) Atomics.wait(c, PENDING, pending, 1000);
      }
      const end = clock.now();
      lateness.record(own - start, end - own, end);
    },
    close() {
      if (closed) return;
      closed = true;
      signal(OP.exit);
      workers.terminate();
    },
  };
}
