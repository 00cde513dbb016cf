/**
 * The record of a training, one row per epoch, kept in columns of numbers (Float64Arrays that
 * double when full): a long online run (XOR's 10,000 epochs of 4 samples) then allocates nothing
 * per epoch for the garbage collector to copy around. `EpochInfo` objects are made only for a
 * callback, and for the whole history only when it is read.
 */
import type { Score } from './score.js';

/** One epoch of a training, as `onEpoch` sees it and {@link FitResult.history} lists it. */
export interface EpochInfo {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean cost J over the epoch's batches (each measured before its step). */
  loss: number;
  valLoss?: number;
  /** Accuracy on the validation set, for cross-entropy losses. */
  valAccuracy?: number;
  /** Seconds since training started. */
  seconds: number;
}

export class History {
  // One column per field; NaN where an epoch has no such value.
  private loss: Float64Array;
  private valLoss: Float64Array;
  private valAccuracy: Float64Array;
  private seconds: Float64Array;
  private count = 0;

  constructor(private readonly epochs: number) {
    const capacity = Math.min(epochs, 1024);
    this.loss = new Float64Array(capacity);
    this.valLoss = new Float64Array(capacity);
    this.valAccuracy = new Float64Array(capacity);
    this.seconds = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Records the next epoch (indexed stores only: nothing here allocates but the doubling). */
  add(loss: number, score: Score | undefined, seconds: number): void {
    if (this.count === this.loss.length) this.grow();
    const i = this.count++;
    this.loss[i] = loss;
    this.valLoss[i] = score === undefined ? NaN : score.valLoss;
    this.valAccuracy[i] = score?.valAccuracy ?? NaN;
    this.seconds[i] = seconds;
  }

  /**
   * Records `count` epochs at once, with no validation score: epoch e's loss is losses[e], and
   * each one's time is `seconds`, when the call that ran them ended (epochs run in one call,
   * online-epochs.ts). Copies and fills, with no loop in JavaScript: a loop over a call's 1,024
   * epochs, run by a fresh process before the JIT had compiled it, then optimised, cost 1–4 ms
   * of its first fits.
   */
  addMany(losses: Float64Array, count: number, seconds: number): void {
    while (this.count + count > this.loss.length) this.grow();
    const at = this.count;
    this.loss.set(losses.subarray(0, count), at);
    this.valLoss.fill(NaN, at, at + count);
    this.valAccuracy.fill(NaN, at, at + count);
    this.seconds.fill(seconds, at, at + count);
    this.count += count;
  }

  private grow(): void {
    const grown = (column: Float64Array) => {
      const bigger = new Float64Array(Math.min(this.epochs, 2 * column.length));
      bigger.set(column);
      return bigger;
    };
    this.loss = grown(this.loss);
    this.valLoss = grown(this.valLoss);
    this.valAccuracy = grown(this.valAccuracy);
    this.seconds = grown(this.seconds);
  }

  /** The training loss of epoch `epoch` (1-based), or its validation loss when there is one. */
  monitored(epoch: number): number {
    const val = this.valLoss[epoch - 1];
    return Number.isNaN(val) ? this.loss[epoch - 1] : val;
  }

  at(epoch: number): EpochInfo {
    const i = epoch - 1;
    const info: EpochInfo = { epoch, epochs: this.epochs, loss: this.loss[i], seconds: this.seconds[i] };
    if (!Number.isNaN(this.valLoss[i])) info.valLoss = this.valLoss[i];
    if (!Number.isNaN(this.valAccuracy[i])) info.valAccuracy = this.valAccuracy[i];
    return info;
  }

  all(): EpochInfo[] {
    return Array.from({ length: this.count }, (_, i) => this.at(i + 1));
  }
}
