/**
 * A job's live epochs on their way from the primary to one worker, for all the follows of that
 * job in that worker at once: collected for up to BATCH_MS, then sent as one `live` message
 * naming each follow and the first epoch it has not had. One message per epoch per follow (150
 * clients of a job of 6,000 epochs a second: 900,000 messages a second) held the primary's event
 * loop for minutes and grew it past 10 GB; the worker then hands each follow the same epoch
 * objects, which its routes format once for all (http/sse-batches.ts).
 *
 * In the primary every follow of a job hears the same epoch objects, in the same order, from the
 * moment it starts listening (jobs.ts emits each to every listener in turn), so a follow's live
 * epochs are the batch's from the one it first heard on. Anything else for a follow (a state, a
 * snapshot, the result) goes after `flush`, so that the worker hears each follow's events in order.
 */
import type { EpochInfo } from '@bpnn/core';
import { BATCH_MS, MAX_BATCH_EVENTS } from '../http/sse-batches.js';
import type { ToWorker } from './messages.js';

interface Batch {
  epochs: EpochInfo[];
  /** Follow id → index in `epochs` of the first epoch it heard. */
  follows: Map<number, number>;
  timer?: NodeJS.Timeout;
}

export class LiveEpochs {
  /** By job id. */
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly send: (message: ToWorker) => void) {}

  /** Follow `follow` of job `job` heard `info` live. */
  add(job: string, follow: number, info: EpochInfo): void {
    let batch = this.batches.get(job);
    if (batch !== undefined && batch.epochs.at(-1) !== info && batch.epochs.length >= MAX_BATCH_EVENTS) {
      this.flush(job); // full, and every follow has heard its last epoch: this one is the first of the next
      batch = undefined;
    }
    if (batch === undefined) {
      this.batches.set(job, (batch = { epochs: [], follows: new Map() }));
      batch.timer = setTimeout(() => this.flush(job), BATCH_MS);
      batch.timer.unref();
    }
    const { epochs } = batch;
    if (epochs.at(-1) !== info) epochs.push(info); // the first of the job's follows to hear it
    if (!batch.follows.has(follow)) batch.follows.set(follow, epochs.length - 1);
  }

  /** Sends what waits for job `job`'s follows, before anything else is sent to them. */
  flush(job: string): void {
    const batch = this.batches.get(job);
    if (batch === undefined) return;
    this.batches.delete(job);
    clearTimeout(batch.timer);
    if (batch.follows.size > 0) this.send({ t: 'live', infos: batch.epochs, follows: [...batch.follows] });
  }

  /** Follow `follow` of job `job` has ended: nothing more is sent for it. */
  forget(job: string, follow: number): void {
    this.batches.get(job)?.follows.delete(follow);
  }
}
