/**
 * Live events fanned out by flush: the events that the clients of one source (a job's followers)
 * hear are collected for up to `batchMs`, then each is formatted once, and every client is handed
 * one string, the same string object for all the clients that heard the same run of events.
 * Formatting an event per client and writing it at once took 150 clients of a job of 5,000 epochs
 * a second the whole event loop (a quarter of it in JSON.stringify, a third in the garbage
 * collector) and other requests waited up to 163 s; now a client costs one write per batch.
 *
 * Each client still hears its events through its own listener (a backend replays each client's
 * history after its own Last-Event-ID, then its live events): a batch only changes when, and in
 * how many pieces, the events are written, never which or in what order. The batch is a log of the
 * events heard by any client since the last flush; a client's unwritten events are the range
 * log[from..to) of it, checked event by event with `same` as the client hears them. A client that
 * hears an event other than the log's next one (it joined late, or lags behind the others) writes
 * its range and starts a new one where the event is in the log, or appends it; such a client may
 * get a string of its own for that batch, never a gap or a duplicate.
 *
 * Anything but a live event (a state, a snapshot, the result) goes after `flush()`, which writes
 * the client's range first, so the order on the wire is the order heard.
 */

/** A batch is written at most this long after its first event. */
export const BATCH_MS = 50;
/** A batch this long is written on the next turn of the event loop, without waiting for BATCH_MS. */
export const MAX_BATCH_EVENTS = 1000;

export interface BatchOptions<T> {
  /** One event as it goes on the wire. */
  format(item: T): string;
  /** Whether two events heard by two clients are the same event (equal content, as they may be copies). */
  same(a: T, b: T): boolean;
  batchMs?: number;
  maxEvents?: number;
}

/** One client of a source: `add` a live event, `flush` before writing anything else, `leave` when its stream ends. */
export interface BatchClient<T> {
  add(item: T): void;
  flush(): void;
  leave(): void;
}

interface Client {
  from: number;
  to: number;
  write: (text: string) => void;
}

interface Group<T> {
  log: T[];
  /** log[i] formatted, once it has been. */
  frames: string[];
  /** The text of log[from..to), by `${from}:${to}`, shared by the clients with that range. */
  texts: Map<string, string>;
  clients: Set<Client>;
  timer?: NodeJS.Timeout;
  soon?: NodeJS.Immediate;
}

export class SharedBatches<T> {
  private readonly groups = new Map<string, Group<T>>();
  private readonly batchMs: number;
  private readonly maxEvents: number;

  constructor(private readonly options: BatchOptions<T>) {
    this.batchMs = options.batchMs ?? BATCH_MS;
    this.maxEvents = options.maxEvents ?? MAX_BATCH_EVENTS;
  }

  /** A client of source `key` whose batches go to `write`, in order. */
  join(key: string, write: (text: string) => void): BatchClient<T> {
    let group = this.groups.get(key);
    if (group === undefined) this.groups.set(key, (group = { log: [], frames: [], texts: new Map(), clients: new Set() }));
    const client: Client = { from: 0, to: 0, write }; // its first event is looked for in the log (add)
    group.clients.add(client);
    const g = group;
    let left = false;
    return {
      add: (item) => {
        if (!left) this.add(g, client, item);
      },
      flush: () => {
        if (!left) this.write(g, client);
      },
      leave: () => {
        if (left) return;
        left = true;
        g.clients.delete(client);
        if (g.clients.size === 0 && this.groups.get(key) === g) {
          clearTimeout(g.timer);
          if (g.soon !== undefined) clearImmediate(g.soon);
          this.groups.delete(key);
        }
      },
    };
  }

  private add(group: Group<T>, client: Client, item: T): void {
    const { log } = group;
    if (client.to < log.length && this.options.same(log[client.to]!, item)) {
      client.to++;
      return;
    }
    if (client.to < log.length) {
      // Not the log's next event: write what this client has, then find its event further on.
      this.write(group, client);
      let at = client.to;
      while (at < log.length && !this.options.same(log[at]!, item)) at++;
      if (at < log.length) {
        client.from = at;
        client.to = at + 1;
        return;
      }
      client.from = client.to = log.length;
    }
    log.push(item);
    client.to++;
    if (log.length === 1) {
      group.timer = setTimeout(() => this.flushAll(group), this.batchMs);
      group.timer.unref();
    }
    if (log.length >= this.maxEvents && group.soon === undefined) {
      // On the next turn, once every client has heard what this turn delivers (a PostgreSQL read
      // hands each follower its events in turn), so that they still share one string.
      group.soon = setImmediate(() => this.flushAll(group));
    }
  }

  /** Writes the client's range, if any: the text of log[from..to), made once for all who have it. */
  private write(group: Group<T>, client: Client): void {
    const { from, to } = client;
    if (from === to) return;
    const key = `${from}:${to}`;
    let text = group.texts.get(key);
    if (text === undefined) {
      for (let i = from; i < to; i++) group.frames[i] ??= this.options.format(group.log[i]!);
      text = group.frames.slice(from, to).join('');
      group.texts.set(key, text);
    }
    client.from = to;
    client.write(text);
  }

  private flushAll(group: Group<T>): void {
    clearTimeout(group.timer);
    if (group.soon !== undefined) clearImmediate(group.soon);
    group.timer = group.soon = undefined;
    for (const client of group.clients) this.write(group, client);
    group.log = [];
    group.frames = [];
    group.texts = new Map();
    for (const client of group.clients) client.from = client.to = 0;
  }
}
