/**
 * The rows training reads: a data set's matrices as the caller gave them (checked, never copied
 * whole) with the indices of the rows in play, and the buffer one batch is gathered into.
 */
import type { Matrix, FloatArray } from '../data/matrix.js';
import type { Network } from '../network/network.js';

/** Rows `index` of inputs x (rows, n_0) and targets y (rows, n_L), with a weight per row when w is given. */
export interface RowSet {
  x: Matrix;
  y: Matrix;
  index: Uint32Array;
  /** (rows): each sample's weight (fit's sampleWeights). */
  w?: Float64Array;
}

export function allRows(x: Matrix, y: Matrix): RowSet {
  return { x, y, index: Uint32Array.from({ length: x.rows }, (_, i) => i) };
}

/** Rows narrower than this are copied value by value (measured on 14-wide rows: 18 % of a training's time went to per-row subarrays). */
const SHORT_ROW = 64;

/** A batch of up to `capacity` rows in the network's own memory, where its kernels read it. */
export class Batch {
  readonly inputs: FloatArray; // (capacity, n_0)
  readonly targets: FloatArray; // (capacity, n_L)
  /** (capacity): the gathered rows' sample weights, or null when the set has none. */
  weights: Float64Array | null = null;
  private readonly weightBuffer: Float64Array;

  constructor(
    private readonly network: Network,
    readonly capacity: number,
  ) {
    this.inputs = network.allocateBuffer(capacity * network.inputSize);
    this.targets = network.allocateBuffer(capacity * network.outputSize);
    this.weightBuffer = new Float64Array(capacity);
  }

  private set: RowSet | null = null;
  /** Whether the set's inputs and targets are in the kernels' memory, in the batch's dtype. */
  private direct = [false, false];

  /** Copies rows order[start … start+size) of the set into the batch (size ≤ capacity). */
  gather(set: RowSet, order: Uint32Array, start: number, size: number): void {
    if (set !== this.set) {
      this.set = set;
      this.direct = [set.x.data, set.y.data].map((data) => this.network.backend.owns(data) && data.constructor === this.inputs.constructor);
    }
    this.copyRows(this.inputs, set.x.data, this.direct[0], set.x.cols, order, start, size);
    this.copyRows(this.targets, set.y.data, this.direct[1], set.y.cols, order, start, size);
    this.weights = set.w === undefined ? null : this.weightBuffer;
    if (set.w !== undefined) for (let r = 0; r < size; r++) this.weightBuffer[r] = set.w[order[start + r]];
  }

  private copyRows(to: FloatArray, from: FloatArray, direct: boolean, width: number, order: Uint32Array, start: number, size: number): void {
    // A short row moves value by value: a subarray per row (what TypedArray.set needs) costs more
    // than its copy. A longer one moves in one call: within the kernels' memory without allocating;
    // from elsewhere (another dtype, the caller's own array) TypedArray.set converts it on the way.
    // (An element stored into a Float32Array rounds as set's conversion does.)
    if (width < SHORT_ROW) {
      for (let r = 0, o = 0; r < size; r++) {
        const source = order[start + r] * width;
        for (let c = 0; c < width; c++, o++) to[o] = from[source + c];
      }
      return;
    }
    for (let r = 0; r < size; r++) {
      const source = order[start + r] * width;
      if (direct) this.network.backend.copy(to, r * width, from, source, width);
      else to.set(from.subarray(source, source + width), r * width);
    }
  }
}
