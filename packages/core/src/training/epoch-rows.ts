/**
 * The rows of an epoch in the order training takes them, handed to the loop (training.ts) a
 * window at a time: all of them at once from matrices in memory, or one block at a time from a
 * row source (row-source.ts) that may be larger than memory.
 *
 * Streamed, an epoch shuffles the order of the full blocks and then the rows inside each block as
 * it is read (a block shuffle), with the short last block last; a block holds a whole number of
 * batches, so the batches are the ones in-memory training makes from the same order: without
 * shuffling, or with a data set of one block, both train on exactly the same batches.
 */
import type { RowSet } from './batch.js';
import { Matrix } from '../data/matrix.js';
import type { Network } from '../network/network.js';
import type { Random } from '../random.js';
import type { RowSource } from '../data/row-source.js';

/** A window of an epoch: epoch positions [start, end) are rows order[0 … end − start) of `set`. */
export interface EpochWindow {
  set: RowSet;
  order: Uint32Array;
  start: number;
  end: number;
}

export interface EpochRows {
  /** Rows in an epoch. */
  readonly rows: number;
  /** Starts an epoch, shuffling its order with `random` (or keeping the rows' order for null). */
  begin(random: Random | null): void;
  /** The window that holds epoch position `position`. */
  window(position: number): EpochWindow;
  /** In memory: the rows' order as it stands (a checkpoint keeps it); undefined when streamed. */
  readonly order?: Uint32Array;
}

/** The rows `set.index` of matrices in memory (in `order`, a continued training's), shuffled whole every epoch. */
export function memoryRows(set: RowSet, order: Uint32Array = set.index.slice()): EpochRows {
  const window = { set, order, start: 0, end: order.length };
  return {
    rows: order.length,
    order,
    begin(random) {
      if (random !== null) random.shuffleIndices(order);
    },
    window: () => window,
  };
}

/** Rows in a streamed block: about this many, rounded up to whole batches. */
export const STREAM_BLOCK_ROWS = 16384;

/**
 * The rows of `source` read a block at a time into the network's own memory (blockRows rows of
 * inputs and targets, so memory is bounded by the block, not the data set).
 */
export function streamedRows(network: Network, source: RowSource, batchSize: number, blockRows = STREAM_BLOCK_ROWS): EpochRows {
  const size = Math.ceil(Math.min(blockRows, source.rows) / batchSize) * batchSize; // a whole number of batches
  const fullBlocks = Math.floor(source.rows / size);
  const blocks = Math.ceil(source.rows / size);
  const blockOrder = Uint32Array.from({ length: blocks }, (_, b) => b); // the short last block stays last
  const inputs = network.allocateBuffer(size * source.inputSize); // (size, n_0)
  const targets = network.allocateBuffer(size * source.outputSize); // (size, n_L)
  const order = new Uint32Array(size);
  const everyRow = Uint32Array.from(order.keys()); // 0 … size − 1, every block's row indices
  let random: Random | null = null;
  let loaded = -1; // the slot of the epoch whose block is in the buffers
  let lastBlock = -1; // the block whose rows `order` holds
  let current: EpochWindow | null = null;
  return {
    rows: source.rows,
    begin(shuffle) {
      random = shuffle;
      if (random !== null) random.shuffleIndices(blockOrder.subarray(0, fullBlocks));
      loaded = -1;
    },
    window(position) {
      const slot = Math.floor(position / size);
      if (slot !== loaded || current === null) {
        const first = blockOrder[slot] * size;
        const count = Math.min(size, source.rows - first);
        source.read(first, count, inputs, targets);
        const x = new Matrix(count, source.inputSize, inputs.subarray(0, count * source.inputSize));
        const y = new Matrix(count, source.outputSize, targets.subarray(0, count * source.outputSize));
        const set: RowSet = { x, y, index: everyRow.subarray(0, count) };
        // A block's rows start in their own order; a data set of one block keeps shuffling the order
        // of the epoch before, as memoryRows does, so that both train alike.
        if (blockOrder[slot] !== lastBlock) for (let r = 0; r < count; r++) order[r] = r;
        lastBlock = blockOrder[slot];
        if (random !== null) random.shuffleIndices(order.subarray(0, count));
        current = { set, order, start: slot * size, end: slot * size + count };
        loaded = slot;
      }
      return current;
    },
  };
}
