/**
 * The primary's side of cluster/jobs-client.ts: answers its workers' calls with the JobService it
 * owns, streams the events of the jobs they follow, and stops a worker's follows when it exits.
 * What crosses is what the worker's routes use: a list's records and the records of `state` and
 * `result` events without their epochs (the routes show them without), a job's history in
 * pieces, through one Outbox per worker (outbox.ts), and live epochs in batches shared by the
 * worker's follows of a job (live-epochs.ts).
 */
import type { Worker } from 'node:cluster';
import type { JobRecord } from '../jobs/job-record.js';
import type { JobService } from '../jobs/job-service.js';
import { errorData, JOB_METHODS, type ToPrimary, type ToWorker } from './messages.js';
import { LiveEpochs } from './live-epochs.js';
import { Outbox } from './outbox.js';

const bare = (record: JobRecord): JobRecord => ({ ...record, losses: [] });

export class ClusterJobsHost {
  /** Follows by worker id, then by call id. */
  private readonly follows = new Map<number, Map<number, () => void>>();
  private readonly outboxes = new Map<number, Outbox>();
  /** Live epochs waiting for each worker, batched across its follows (live-epochs.ts). */
  private readonly live = new Map<number, LiveEpochs>();

  constructor(private readonly jobs: JobService) {}

  handle(worker: Worker, message: ToPrimary): void {
    let outbox = this.outboxes.get(worker.id);
    if (outbox === undefined) this.outboxes.set(worker.id, (outbox = new Outbox(worker)));
    const out = outbox;
    let live = this.live.get(worker.id);
    if (live === undefined) this.live.set(worker.id, (live = new LiveEpochs((batch) => out.send(batch))));
    const epochs = live;
    const send = (reply: ToWorker) => out.send(reply);
    if (message.t === 'call' && JOB_METHODS.includes(message.method)) {
      const method = this.jobs[message.method] as (...args: unknown[]) => unknown;
      Promise.resolve()
        .then(() => method.apply(this.jobs, message.args))
        .then((value) => (message.method === 'list' ? (value as JobRecord[]).map(bare) : value))
        .then(
          (value) => send({ t: 'reply', id: message.id, value }),
          (error: unknown) => send({ t: 'reply', id: message.id, error: errorData(error) }),
        );
    } else if (message.t === 'follow') {
      let mine = this.follows.get(worker.id);
      if (mine === undefined) this.follows.set(worker.id, (mine = new Map()));
      const follows = mine;
      Promise.resolve()
        .then(() =>
          this.jobs.follow(message.job, message.after, (event) => {
            if (event.type === 'epoch') return epochs.add(message.job, message.id, event.info);
            epochs.flush(message.job);
            if (event.type === 'epochs') out.sendEpochs(message.id, event.losses, event.start, event.end);
            else if (event.type === 'state' || event.type === 'result') send({ t: 'event', id: message.id, event: { type: event.type, record: bare(event.record) } });
            else send({ t: 'event', id: message.id, event });
          }),
        )
        .then(
          (stop) => {
            follows.set(message.id, () => {
              epochs.forget(message.job, message.id);
              stop();
            });
            send({ t: 'reply', id: message.id, value: null });
          },
          (error: unknown) => send({ t: 'reply', id: message.id, error: errorData(error) }),
        );
    } else if (message.t === 'unfollow') {
      out.forget(message.id);
      this.follows.get(worker.id)?.get(message.id)?.();
      this.follows.get(worker.id)?.delete(message.id);
    }
  }

  /** A worker exited: its follows end. */
  forget(worker: Worker): void {
    for (const stop of this.follows.get(worker.id)?.values() ?? []) stop();
    this.follows.delete(worker.id);
    this.outboxes.delete(worker.id);
    this.live.delete(worker.id);
  }
}
