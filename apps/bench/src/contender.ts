/**
 * What the benchmark asks of every library it times: prepare a workload (build the model, put the
 * data where the library wants it: untimed), then run a given size of it (timed).
 */
import type { Size, Workload } from './workloads.js';

export interface Contender {
  /** Row label: `bpnn float32`, `tfjs`, `brain.js`. */
  name: string;
  /** bpnn's own rows are the numerators of the ratios; peers are the denominators. */
  role: 'bpnn' | 'peer';
  /** Library, version and how it is run, for the list printed above the tables. */
  describe(): string;
  /** Builds a fresh model for the workload. */
  prepare(workload: Workload): Promise<Prepared>;
  /** null when the contender can run here, else why not (a native peer without its compiler or library). */
  unavailable?(): string | null;
  /**
   * Resolves once what the contender started has finished starting (a peer process importing its
   * library: PyTorch's import takes about 1.5 s of CPU), so that it does not run beside another
   * contender's timed runs.
   */
  ready?(): Promise<void>;
  /** null when the contender runs the workload, else why not (a model its API lacks). */
  unsupported?(workload: Workload): string | null;
  /** Stops what the contender started (a peer process). */
  close?(): void;
}

export interface Prepared {
  /** Where the numbers are computed, for the table: `wasm SIMD, threads auto (2)`. */
  engine: string;
  /** The library calls that are timed: `fit`, `model.predict`, `net.train`. */
  api: string;
  /** Untimed set-up for one size (data subsets, tensors); returns the timed run. */
  at(size: Size): Promise<() => void | Promise<void>>;
  /** Frees what `prepare` and `at` made (tensors, worker threads). */
  dispose(): void;
}
