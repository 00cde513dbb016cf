/**
 * The primary's side of cluster/jobs-client.ts: answers its workers' calls with the JobService it
 * owns, streams the events of the jobs they follow, and stops a worker's follows when it exits.
 */
import type { Worker } from 'node:cluster';
import type { JobEvent } from '../jobs/job-record.js';
import type { JobService } from '../jobs/job-service.js';
import { errorData, JOB_METHODS, type ToPrimary, type ToWorker } from './messages.js';

/** An event as a worker gets it: an `epochs` event's view copied to the epochs it shows, not the whole history. */
const alone = (event: JobEvent): JobEvent =>
  event.type === 'epochs' ? { type: 'epochs', losses: event.losses.slice(event.start, event.end), start: 0, end: event.end - event.start } : event;

export class ClusterJobsHost {
  /** Follows by worker id, then by call id. */
  private readonly follows = new Map<number, Map<number, () => void>>();

  constructor(private readonly jobs: JobService) {}

  handle(worker: Worker, message: ToPrimary): void {
    const send = (reply: ToWorker) => {
      if (worker.isConnected()) worker.send(reply);
    };
    if (message.t === 'call' && JOB_METHODS.includes(message.method)) {
      const method = this.jobs[message.method] as (...args: unknown[]) => unknown;
      Promise.resolve()
        .then(() => method.apply(this.jobs, message.args))
        .then(
          (value) => send({ t: 'reply', id: message.id, value }),
          (error: unknown) => send({ t: 'reply', id: message.id, error: errorData(error) }),
        );
    } else if (message.t === 'follow') {
      let mine = this.follows.get(worker.id);
      if (mine === undefined) this.follows.set(worker.id, (mine = new Map()));
      const follows = mine;
      Promise.resolve()
        .then(() => this.jobs.follow(message.job, message.after, (event) => send({ t: 'event', id: message.id, event: alone(event) })))
        .then(
          (stop) => {
            follows.set(message.id, stop);
            send({ t: 'reply', id: message.id, value: null });
          },
          (error: unknown) => send({ t: 'reply', id: message.id, error: errorData(error) }),
        );
    } else if (message.t === 'unfollow') {
      this.follows.get(worker.id)?.get(message.id)?.();
      this.follows.get(worker.id)?.delete(message.id);
    }
  }

  /** A worker exited: its follows end. */
  forget(worker: Worker): void {
    for (const stop of this.follows.get(worker.id)?.values() ?? []) stop();
    this.follows.delete(worker.id);
  }
}
