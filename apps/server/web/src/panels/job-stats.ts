/**
 * A job's figures as Watch shows them, from its record and the epochs its events carried: state,
 * epoch, losses, samples per second and time left. Samples per second is the rows trained on in
 * each epoch (the record's rows, known once the worker has read the data, less the share core
 * holds out for validation: core's trainingRowCount) times the epochs run, over the seconds since
 * training started as the last epoch reports them; the final figure is the same sum over the last
 * epoch, so the live one ends on it.
 */
import { trainingRowCount } from '@bpnn/core';
import { FINISHED, type EpochInfo, type Job } from '../api/types.js';
import { duration, num } from '../dom.js';

/** Samples trained per second up to `last` epoch, or NaN while the rows or the epochs are not known yet. */
export function samplesPerSecond(job: Job, last: EpochInfo | undefined): number {
  if (job.rows === null || last === undefined || !(last.seconds > 0)) return NaN;
  const { validationSplit, earlyStopping } = job.options;
  const perEpoch = trainingRowCount(job.rows, { validationSplit: typeof validationSplit === 'number' ? validationSplit : undefined, earlyStopping });
  return (perEpoch * last.epoch) / last.seconds;
}

export function jobStats(job: Job, history: readonly EpochInfo[]): Array<[string, string]> {
  const last = history[history.length - 1];
  const rate = samplesPerSecond(job, last);
  const left = last && !FINISHED.has(job.state) ? (last.seconds / last.epoch) * (job.epochs - last.epoch) : NaN;
  return [
    ['State', job.state + (job.stoppedBy ? ` (${job.stoppedBy})` : '')],
    ['Epoch', `${last?.epoch ?? job.epoch} of ${job.epochs}`],
    ['Training loss', num(last?.loss ?? job.loss)],
    ['Validation loss', num(last?.valLoss ?? job.valLoss)],
    ['Samples per second', Number.isFinite(rate) ? num(Math.round(rate)) : '–'],
    ['Time left', FINISHED.has(job.state) ? 'none' : duration(left)],
  ];
}
