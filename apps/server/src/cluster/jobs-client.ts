/**
 * A cluster worker's JobService when models and jobs are in folders: every call goes to the
 * primary, which owns the jobs (cluster/jobs-host.ts), so that any worker answers for any job.
 * Errors come back as what they were (an HttpError's status and headers, a file system code).
 */
import type { EpochInfo } from '@bpnn/core';
import { HttpError } from '../http/http-error.js';
import type { JobPayload, JobSpec } from '../jobs/job-body.js';
import type { JobListener, JobRecord, JobState } from '../jobs/job-record.js';
import type { JobService, JobStats } from '../jobs/job-service.js';
import type { ErrorData, JobMethod, ToPrimary, ToWorker } from './messages.js';

export class ClusterJobsClient implements JobService {
  private next = 1;
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly follows = new Map<number, JobListener>();
  private closing = false;

  constructor(private readonly channel: { send(message: ToPrimary): unknown; on(event: 'message' | 'disconnect', listener: (message: ToWorker) => void): unknown } = process as never) {
    // The primary is gone: nothing will answer the calls under way.
    channel.on('disconnect', () => {
      for (const call of this.calls.values()) call.reject(new HttpError(503, 'the primary process exited', { 'Retry-After': '5' }));
      this.calls.clear();
    });
    channel.on('message', (message: ToWorker) => {
      if (message?.t === 'event') this.follows.get(message.id)?.(message.event);
      else if (message?.t === 'live') this.live(message.infos, message.follows);
      else if (message?.t === 'reply') {
        const call = this.calls.get(message.id);
        this.calls.delete(message.id);
        if (message.error !== undefined) call?.reject(rebuild(message.error));
        else call?.resolve(message.value);
      }
    });
  }

  async load(): Promise<void> {}

  async submit(spec: JobSpec, payload: JobPayload, dataBytes: number): Promise<JobRecord> {
    if (this.closing) throw new HttpError(503, 'the server is shutting down', { 'Retry-After': '10' });
    return this.call('submit', [spec, payload, dataBytes]) as Promise<JobRecord>;
  }

  list = () => this.call('list', []) as Promise<JobRecord[]>;
  get = (id: string) => this.call('get', [id]) as Promise<JobRecord>;
  summary = (id: string) => this.call('summary', [id]) as Promise<JobRecord>;
  cancel = (id: string) => this.call('cancel', [id]) as Promise<JobRecord>;
  countByState = () => this.call('countByState', []) as Promise<Record<JobState, number>>;
  stats = () => this.call('stats', []) as Promise<JobStats>;

  async follow(id: string, after: number, listener: JobListener): Promise<() => void> {
    const call = this.next++;
    this.follows.set(call, (event) => {
      if (event.type === 'result') this.follows.delete(call);
      listener(event);
    });
    try {
      await this.request(call, { t: 'follow', id: call, job: id, after });
    } catch (error) {
      this.follows.delete(call);
      throw error;
    }
    return () => {
      if (this.follows.delete(call)) this.channel.send({ t: 'unfollow', id: call });
    };
  }

  /** Live epochs for several follows: the same objects to each, which the routes format once for all (http/sse-batches.ts). */
  private live(infos: EpochInfo[], follows: Array<[number, number]>): void {
    for (const [call, from] of follows) {
      for (let i = from; i < infos.length; i++) {
        const listener = this.follows.get(call);
        if (listener === undefined) break; // unfollowed meanwhile
        listener({ type: 'epoch', info: infos[i]! });
      }
    }
  }

  /** Refuses new jobs; the primary stops the training (it owns it). */
  async shutdown(): Promise<void> {
    this.closing = true;
  }

  private call(method: JobMethod, args: unknown[]): Promise<unknown> {
    const id = this.next++;
    return this.request(id, { t: 'call', id, method, args });
  }

  private request(id: number, message: ToPrimary): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      try {
        this.channel.send(message);
      } catch (error) {
        this.calls.delete(id);
        reject(new HttpError(503, `the primary process does not answer (${error instanceof Error ? error.message : String(error)})`, { 'Retry-After': '5' }));
      }
    });
  }
}

function rebuild(data: ErrorData): Error {
  if (data.status !== undefined) return new HttpError(data.status, data.message, data.headers);
  return Object.assign(new Error(data.message), data.code === undefined ? {} : { code: data.code });
}
