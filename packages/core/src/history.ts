/**
 * The record of a training, one row per epoch, kept in columns of plain numbers: a long online
 * run (XOR's 10,000 epochs of 4 samples) then allocates nothing per epoch for the garbage
 * collector to copy around. `EpochInfo` objects are made only for a callback and at the end.
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
  private readonly loss: number[] = [];
  private readonly valLoss: number[] = [];
  private readonly valAccuracy: number[] = [];
  private readonly seconds: number[] = [];

  constructor(private readonly epochs: number) {}

  get length(): number {
    return this.loss.length;
  }

  add(loss: number, score: Score | undefined, seconds: number): void {
    this.loss.push(loss);
    this.valLoss.push(score?.valLoss ?? NaN);
    this.valAccuracy.push(score?.valAccuracy ?? NaN);
    this.seconds.push(seconds);
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
    return Array.from({ length: this.length }, (_, i) => this.at(i + 1));
  }
}
