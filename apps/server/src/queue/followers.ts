/**
 * Following a job's events through any process: the events are rows of bpnn_job_events, and each
 * write notifies bpnn_job_events with the job's id. A follower first notes the last event's seq,
 * then reads the record (its epochs so far are replayed, then the latest snapshot up to that seq),
 * then hears every event after that seq, read on each notification, on reconnecting, and every
 * `pollMs` as a fallback. Epochs already replayed are not sent twice; a new attempt (a retry,
 * which trains from the start) resets that. A job's followers are read for together (one query
 * for all of them): a query each made 150 clients following one running job take the process's
 * connections, and other requests waited for one up to 7.5 s, then got 503.
 */
import { epochsAfter, FINISHED, type JobListener } from '../jobs/job-record.js';
import type { Notifications } from '../pg/notifications.js';
import type { JobRecords, StoredEvent } from './records.js';

interface Follower {
  seq: number;
  /** The highest epoch sent. */
  epoch: number;
  listener: JobListener;
  done?: boolean;
}

/** A job's followers, read for together: one query per change of the job, however many follow it. */
interface Group {
  followers: Set<Follower>;
  reading?: Promise<void>;
  again?: boolean;
}

export class Followers {
  private readonly byJob = new Map<string, Group>();
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
    let group = this.byJob.get(id);
    if (group === undefined) this.byJob.set(id, (group = { followers: new Set() }));
    group.followers.add(follower);
    this.read(id, group); // what came between lastSeq and the record
    return () => this.remove(id, follower);
  }

  close(): void {
    clearInterval(this.timer);
    for (const stop of this.unlisten) stop();
    this.byJob.clear();
  }

  private pokeAll(): void {
    for (const [id, group] of this.byJob) this.read(id, group);
  }

  private poke(id: string): void {
    const group = this.byJob.get(id);
    if (group !== undefined) this.read(id, group);
  }

  private remove(id: string, follower: Follower): void {
    follower.done = true;
    const group = this.byJob.get(id);
    group?.followers.delete(follower);
    if (group?.followers.size === 0) this.byJob.delete(id);
  }

  /**
   * Reads the job's events after the earliest seq of its followers and gives each those after its
   * own; reads asked for while one runs fold into one more.
   */
  private read(id: string, group: Group): void {
    if (group.reading !== undefined) {
      group.again = true;
      return;
    }
    group.reading = (async () => {
      do {
        group.again = false;
        if (group.followers.size === 0) return;
        const from = Math.min(...[...group.followers].map((follower) => follower.seq));
        const events = await this.records.eventsAfter(id, from);
        for (const follower of [...group.followers]) this.deliver(id, follower, events);
      } while (group.again && group.followers.size > 0);
    })()
      .catch((error: unknown) => this.log(`bpnn-server: cannot read job ${id}'s events: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (group.reading = undefined));
  }

  private deliver(id: string, follower: Follower, events: StoredEvent[]): void {
    for (const event of events) {
      if (follower.done) return;
      if (event.seq <= follower.seq) continue;
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
  }
}
