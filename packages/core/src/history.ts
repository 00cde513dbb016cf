/**
 * The record of a training, one row per epoch, kept in columns of numbers (Float64Arrays that
 * double when full): a long online run (XOR's 10,000 epochs of 4 samples) then allocates nothing
 * per epoch for the garbage collector to copy around. `EpochInfo` objects are made only for a
 * callback, and for the whole history only when it is read.
 */
import type { Score } from './score.js';

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
  /** Columns loss, valLoss, valAccuracy, seconds; NaN where an epoch has no such value. */
  private columns: Float64Array[];
  private count = 0;

  constructor(private readonly epochs: number) {
    const capacity = Math.min(epochs, 1024);
    this.columns = [0, 1, 2, 3].map(() => new Float64Array(capacity));
  }

  get length(): number {
    return this.count;
  }

  add(loss: number, score: Score | undefined, seconds: number): void {
    if (this.count === this.columns[0].length) {
      this.columns = this.columns.map((column) => {
        const grown = new Float64Array(Math.min(this.epochs, 2 * column.length));
        grown.set(column);
        return grown;
      });
    }
    const [lossColumn, valLoss, valAccuracy, time] = this.columns;
    const i = this.count++;
    lossColumn[i] = loss;
    valLoss[i] = score?.valLoss ?? NaN;
    valAccuracy[i] = score?.valAccuracy ?? NaN;
    time[i] = seconds;
  }

  /** The training loss of epoch `epoch` (1-based), or its validation loss when there is one. */
  monitored(epoch: number): number {
    const val = this.columns[1][epoch - 1];
    return Number.isNaN(val) ? this.columns[0][epoch - 1] : val;
  }

  at(epoch: number): EpochInfo {
    const i = epoch - 1;
    const [loss, valLoss, valAccuracy, seconds] = this.columns;
    const info: EpochInfo = { epoch, epochs: this.epochs, loss: loss[i], seconds: seconds[i] };
    if (!Number.isNaN(valLoss[i])) info.valLoss = valLoss[i];
    if (!Number.isNaN(valAccuracy[i])) info.valAccuracy = valAccuracy[i];
    return info;
  }

  all(): EpochInfo[] {
    return Array.from({ length: this.count }, (_, i) => this.at(i + 1));
  }
}
