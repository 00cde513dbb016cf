/**
 * One training in progress, advanced a number of samples at a time. It owns the loop over epochs
 * (shuffling, the epoch's batches, validation, early stopping, the stop reasons) so that `fit`
 * drives it to the end in one call and `fitAsync` drives it in time slices with the event loop
 * running between them; both give bit-identical weights, as a slice ends on a batch boundary
 * and every sum runs in the same order. `startTraining` (train.ts) checks the options and builds it.
 */
import type { Batch, RowSet } from './batch.js';
import { stopsTraining } from './epoch-callback.js';
import { bitFailBatch, setBitFail, type BitFailStopOptions } from './bit-fail.js';
import type { Dropout } from './dropout.js';
import { saveCheckpoint, type TrainingCheckpoint } from '../resume/checkpoint.js';
import type { LearningRateSchedule } from './schedules.js';
import type { EpochHook } from './epoch-hook.js';
import type { EpochRows } from './epoch-rows.js';
import { clock } from '../clock.js';
import { compiledStep, diverged, trainEpoch, trainEpochOnline } from './epoch.js';
import { History, type EpochInfo } from './history.js';
import type { FloatArray } from '../data/matrix.js';
import type { Network } from '../network/network.js';
import { MAX_COMPILED_PARAMETERS, type SampleStep } from './online.js';
import { EpochsStatus, ONLINE_EPOCHS_MAX_ROWS, onlineEpochs, type OnlineEpochs } from './online-epochs.js';
import type { Optimizer } from '../optimizers/optimizer-interface.js';
import type { Random } from '../random.js';
import { score } from './score.js';

/**
 * Why training stopped: all `epochs` ran, early stopping, the target loss was reached, the bit
 * fail reached its goal (stopAtBitFail), `onEpoch` returned false, or the signal was aborted.
 */
export type StopReason = 'epochs' | 'early-stopping' | 'target-loss' | 'bit-fail' | 'callback' | 'aborted';

/** Everything a training needs, checked. */
export interface TrainingPlan {
  epochs: number;
  batchSize: number;
  l2: number;
  l1: number;
  opt: Optimizer;
  random: Random;
  shuffle: boolean;
  targetLoss: number;
  early: { patience: number; minDelta: number } | null;
  /** FANN's bit-fail stop (stopAtBitFail): its limit and the count to reach, or null. */
  bitStop: Required<BitFailStopOptions> | null;
  /** The training rows, an epoch's window at a time (epoch-rows.ts). */
  rows: EpochRows;
  /** The training set when it is in memory (for the bit fail and sample weights); null when streamed. */
  train: RowSet | null;
  validation: RowSet | undefined;
  batch: Batch;
  /** Dropout of hidden neurons while training, when asked for. */
  dropout: Dropout | undefined;
  scoring: Batch | undefined;
  onEpoch: ((info: EpochInfo) => boolean | void) | undefined;
  signal: { readonly aborted: boolean } | undefined;
  hooks: readonly EpochHook[];
  /** The learning-rate schedule among the hooks, whose counters a checkpoint keeps. */
  schedule: LearningRateSchedule | undefined;
  /** Epochs run before this training, when it continues another (a checkpoint's). */
  epochsBefore: number;
  /** Undoes what was set up for this training (the memory it allocated, its thread count). */
  close: () => void;
}

/**
 * Samples in one call of whole epochs into WebAssembly (online-epochs.ts): small enough that V8,
 * which cannot replace a running WebAssembly function by its optimised code, swaps that code in
 * early (the first call runs in its baseline compiler's code), large enough that the calls cost
 * nothing.
 */
const EPOCHS_CALL_SAMPLES = 4096;

export class Training {
  readonly history: History;
  stoppedBy: StopReason = 'epochs';
  /** The epoch whose weights the network holds at the end (with early stopping, the best one). */
  bestEpoch = 0;
  /** Set once the last epoch has run (or training stopped); the weights are then final. */
  done = false;
  readonly started = clock.now();

  private epoch = 0; // the epoch in progress, 1-based
  private position = 0; // samples of it done: a multiple of batchSize, or all of its rows
  private readonly lastGood: FloatArray; // the weights at the start of the epoch
  private readonly best: FloatArray | null;
  private bestLoss = Infinity;
  private wait = 0;
  private readonly epochLoss = new Float64Array(1); // the summed cost of the epoch's batches so far
  private readonly sampleStep: SampleStep | null;
  private readonly epochsInWasm: OnlineEpochs | null;
  private epochLosses: Float64Array | null = null;
  private readonly bitCounting: ReturnType<typeof bitFailBatch> | null;
  private closed = false;

  constructor(
    readonly network: Network,
    private readonly plan: TrainingPlan,
  ) {
    this.history = new History(plan.epochs);
    this.lastGood = network.params.slice();
    this.best = plan.early ? network.params.slice() : null;
    // Online training of a small network runs a step compiled for its shape (online.ts), else batches;
    // the compiled step knows neither sample weights, L1, dropout nor a full-batch optimiser.
    const online = plan.batchSize === 1 && plan.train?.w === undefined && plan.l1 === 0 && plan.dropout === undefined && !plan.opt.fullBatch;
    // Where nothing needs to run between its epochs, with plain SGD on a small data set in memory,
    // whole epochs at a time in WebAssembly (online-epochs.ts); else sample by sample.
    const unobserved = plan.validation === undefined && plan.early === null && plan.bitStop === null && plan.onEpoch === undefined && plan.hooks.length === 0;
    const small = plan.train !== null && plan.rows.order !== undefined && plan.train.x.rows <= ONLINE_EPOCHS_MAX_ROWS;
    const descent = plan.opt.descentRate !== undefined;
    this.epochsInWasm = online && descent && unobserved && small ? onlineEpochs(network, plan.l2, MAX_COMPILED_PARAMETERS) : null;
    this.sampleStep = online && this.epochsInWasm === null ? compiledStep(network, plan.l2, descent) : null;
    this.bitCounting = plan.bitStop ? bitFailBatch(network, plan.rows.rows) : null;
  }

  /** Samples in one epoch. */
  get rows(): number {
    return this.plan.rows.rows;
  }

  /** Epochs this training runs unless it stops early. */
  get plannedEpochs(): number {
    return this.plan.epochs;
  }

  /** Epochs finished, plus the fraction of the current one: for progress reports. */
  get progress(): number {
    return this.history.length + (this.done ? 0 : this.position / this.rows);
  }

  /**
   * Trains on at least one batch and on about `samples` samples (rounded up to whole batches),
   * across epochs as needed, until training is done. Returns `done`.
   */
  advance(samples: number): boolean {
    const { network, plan, epochLoss, lastGood } = this;
    const rows = this.rows;
    let budget = samples;
    while (!this.done && budget > 0) {
      if (this.position === 0 && this.epochsInWasm !== null) {
        budget -= this.epochsAtOnce(budget);
        continue;
      }
      if (this.position === 0) {
        this.epoch++;
        plan.rows.begin(plan.shuffle ? plan.random : null);
        for (const hook of plan.hooks) hook.beforeEpoch?.(plan.epochsBefore + this.epoch);
        lastGood.set(network.params);
        epochLoss[0] = 0;
      }
      const { set, order, start, end: windowEnd } = plan.rows.window(this.position); // rows [start, windowEnd) are set's rows order[0 …)
      const end = Math.min(windowEnd, this.position + Math.ceil(budget / plan.batchSize) * plan.batchSize);
      const [from, to] = [this.position - start, end - start];
      const finished =
        this.sampleStep !== null
          ? trainEpochOnline(network, plan.opt, this.sampleStep, set, order, from, to, plan.signal, this.epoch, lastGood, epochLoss)
          : trainEpoch(network, plan, set, order, from, to, this.epoch, lastGood, epochLoss);
      if (!finished) {
        network.params.set(lastGood); // a half-finished epoch is discarded
        this.stop('aborted');
        break;
      }
      budget -= end - this.position;
      this.position = end === rows ? 0 : end;
      if (this.position === 0) this.endEpoch();
    }
    return this.done;
  }

  /**
   * Whole epochs in one WebAssembly call (online-epochs.ts): as many as `budget` samples round up
   * to, at most EPOCHS_CALL_SAMPLES' worth. Then each epoch's end as endEpoch has it where nothing
   * observes the epochs (no validation, early stopping, bit fail, callback or hook: what this
   * runs under), each with the time the call ended. Returns the samples trained.
   */
  private epochsAtOnce(budget: number): number {
    const { network, plan, lastGood, history } = this;
    const rows = this.rows;
    if (plan.signal !== undefined && plan.signal.aborted) {
      this.stop('aborted');
      return 0;
    }
    const most = Math.max(1, Math.floor(EPOCHS_CALL_SAMPLES / rows)); // epochs in a call
    const epochs = Math.min(plan.epochs - this.epoch, Math.ceil(budget / rows), most);
    const losses = (this.epochLosses ??= new Float64Array(most));
    const runner = this.epochsInWasm!;
    const done = runner.run(plan.train!, plan.rows.order!, plan.shuffle ? plan.random : null, epochs, plan.opt.descentRate!, plan.targetLoss, lastGood, losses);
    history.addMany(losses, done, (clock.now() - this.started) / 1000);
    this.epoch += done;
    this.bestEpoch = this.epoch;
    if (runner.status === EpochsStatus.Diverged) diverged(network, lastGood, this.epoch + 1, runner.cost);
    if (runner.status === EpochsStatus.TargetLoss) this.stop('target-loss');
    else if (this.epoch === plan.epochs) this.stop('epochs');
    return done * rows;
  }

  /** After an epoch's last batch: validation, early stopping, the target loss, the bit fail, the callback. */
  private endEpoch(): void {
    const { network, plan, history, epoch } = this;
    const loss = this.epochLoss[0] / this.rows;
    const scored = plan.validation === undefined ? undefined : score(network, plan.validation, plan.scoring!, plan.l2, plan.l1);
    history.add(loss, scored, (clock.now() - this.started) / 1000);
    if (!plan.early) this.bestEpoch = epoch;
    for (const hook of plan.hooks) hook.afterEpoch?.(history.monitored(epoch));
    let stoppedBy: StopReason = 'epochs';
    if (plan.early) {
      const monitored = history.monitored(epoch);
      if (monitored < this.bestLoss - plan.early.minDelta) {
        this.bestLoss = monitored;
        this.bestEpoch = epoch;
        this.best!.set(network.params);
        this.wait = 0;
      } else if (++this.wait >= plan.early.patience) {
        stoppedBy = 'early-stopping';
      }
    }
    if (loss <= plan.targetLoss) stoppedBy = 'target-loss';
    const { bitStop } = plan;
    if (bitStop && stoppedBy === 'epochs' && setBitFail(network, plan.train!, this.bitCounting!, bitStop.limit) <= bitStop.count) stoppedBy = 'bit-fail';
    if (plan.onEpoch !== undefined && stopsTraining(plan.onEpoch(history.at(epoch))) && stoppedBy === 'epochs') stoppedBy = 'callback';
    if (stoppedBy === 'epochs' && plan.signal?.aborted) stoppedBy = 'aborted';
    if (stoppedBy !== 'epochs' || epoch === plan.epochs) this.stop(stoppedBy);
  }

  /**
   * What continues this training (checkpoint.ts), once it is done: only when the network holds the
   * last epoch's weights (not after an abort, nor when early stopping restored an earlier epoch),
   * and the rows were in memory (a streamed training's order is its blocks').
   */
  checkpoint(): TrainingCheckpoint | undefined {
    const { plan, history } = this;
    const order = plan.rows.order;
    if (order === undefined || !this.done || this.stoppedBy === 'aborted' || history.length === 0 || (plan.early !== null && this.bestEpoch !== history.length)) return undefined;
    return saveCheckpoint({ network: this.network, opt: plan.opt, random: plan.random, schedule: plan.schedule }, plan.epochsBefore + history.length, order);
  }

  private stop(reason: StopReason): void {
    this.stoppedBy = reason;
    this.done = true;
    if (this.plan.early && this.bestEpoch > 0) this.network.params.set(this.best!); // restore the best epoch's weights
  }

  /** Frees what the training allocated and restores the network's thread count; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.plan.close();
  }
}
