/**
 * Following a job's events through any process: the events are rows of bpnn_job_events, and each
 * write notifies bpnn_job_events with the job's id. A follower first notes the last event's seq,
 * then reads the record (its epochs so far are replayed, then the latest snapshot up to that seq),
 * then hears every event after that seq, read on each notification, on reconnecting, and every
 * `pollMs` as a fallback. Epochs already replayed are not sent twice; a new attempt (a retry,
 * which trains from the start) resets that.
 */
import { epochsAfter, FINISHED, type JobListener } from '../jobs/job-record.js';
import type { Notifications } from '../pg/notifications.js';
import type { JobRecords } from './records.js';

interface Follower {
  seq: number;
  /** The highest epoch sent. */
  epoch: number;
  listener: JobListener;
  reading?: Promise<void>;
  again?: boolean;
  done?: boolean;
}

export class Followers {
  private readonly byJob = new Map<string, Set<Follower>>();
  private readonly timer: NodeJS.Timeout;
  private readonly unlisten: Array<() => void>;

  constructor(
    private readonly records: JobRecords,
    notifications: Notifications,
    pollMs = 1000,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.unlisten = [notifications.on('bpnn_job_events', (id) => this.poke(id)), notifications.onReconnect(() => this.pokeAll())];
    this.timer = setInterval(() => this.pokeAll(), pollMs);
    this.timer.unref();
  }

  async follow(id: string, after: number, listener: JobListener): Promise<() => void> {
    const seq = await this.records.lastSeq(id);
    const record = await this.records.get(id);
    listener({ type: 'state', record });
    const epochs = epochsAfter(record.losses, after);
    if (epochs !== undefined) listener(epochs);
    const epoch = Math.max(after, record.losses.at(-1)?.epoch ?? 0);
    if (FINISHED.has(record.state)) {
      listener({ type: 'result', record });
      return () => {};
    }
    const snapshot = await this.records.snapshot(id, seq);
    if (snapshot !== undefined) listener({ type: 'snapshot', snapshot });
    const follower: Follower = { seq, epoch, listener };
    let set = this.byJob.get(id);
    if (set === undefined) this.byJob.set(id, (set = new Set()));
    set.add(follower);
    this.read(id, follower); // what came between lastSeq and the record
    return () => this.remove(id, follower);
  }

  close(): void {
    clearInterval(this.timer);
    for (const stop of this.unlisten) stop();
    this.byJob.clear();
  }

  private pokeAll(): void {
    for (const id of this.byJob.keys()) this.poke(id);
  }

  private poke(id: string): void {
    for (const follower of this.byJob.get(id) ?? []) this.read(id, follower);
  }

  private remove(id: string, follower: Follower): void {
    follower.done = true;
    const set = this.byJob.get(id);
    set?.delete(follower);
    if (set?.size === 0) this.byJob.delete(id);
  }

  /** Sends a follower the events after its seq; reads asked for while one runs fold into one more. */
  private read(id: string, follower: Follower): void {
    if (follower.reading !== undefined) {
      follower.again = true;
      return;
    }
    follower.reading = (async () => {
      do {
        follower.again = false;
        const events = await this.records.eventsAfter(id, follower.seq);
        for (const event of events) {
          if (follower.done) return;
          follower.seq = event.seq;
          if (event.type === 'epoch') {
            if (event.data.epoch <= follower.epoch) continue;
            follower.epoch = event.data.epoch;
            follower.listener({ type: 'epoch', info: event.data });
          } else if (event.type === 'snapshot') {
            follower.listener({ type: 'snapshot', snapshot: event.data });
          } else if (event.type === 'state') {
            if (event.data.state === 'running') follower.epoch = 0; // an attempt starts from epoch 1
            follower.listener({ type: 'state', record: event.data });
          } else {
            this.remove(id, follower);
            follower.listener({ type: 'result', record: event.data });
            return;
          }
        }
      } while (follower.again && !follower.done);
    })()
      .catch((error: unknown) => this.log(`bpnn-server: cannot read job ${id}'s events: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (follower.reading = undefined));
  }
}
