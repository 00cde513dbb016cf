/**
 * LISTEN/NOTIFY: one dedicated connection per process that listens on the server's channels and
 * hands each notification's payload to the handlers of its channel. When the connection drops it
 * reconnects (every second until it can) and calls the `reconnected` handlers, since anything
 * notified meanwhile was missed: the model store then rereads, the event streams catch up.
 * A connection whose host went silent without closing it (a network partition) raises no error
 * for minutes, and a LISTEN connection sends nothing: every `HEARTBEAT_MS` it is asked `SELECT 1`,
 * and one without an answer within the connect timeout is closed and made again, as a lost one.
 */
import type pg from 'pg';
import { describeConnectError } from './connect-timeout.js';
import { connectionOptions, hangUp, serverConnectionOptions, TimedClient } from './query-timeout.js';

/** How often the LISTEN connection is checked. */
export const HEARTBEAT_MS = 5000;

export type Channel = 'bpnn_models' | 'bpnn_job_events' | 'bpnn_job_cancel';

export class Notifications {
  private client?: pg.Client;
  private readonly handlers = new Map<Channel, Set<(payload: string) => void>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private closed = false;
  private retry?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  /** True while the LISTEN connection is up. */
  connected = false;

  constructor(
    private readonly url: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Connects and listens; rejects when the first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  on(channel: Channel, handler: (payload: string) => void): () => void {
    let set = this.handlers.get(channel);
    if (set === undefined) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    if (client === undefined) return;
    // A polite end waits for the server's goodbye, which a silent host never sends.
    const ended = client.end().catch(() => {});
    const timer = setTimeout(() => hangUp(client), connectionOptions(this.url).connectionTimeoutMillis);
    await ended;
    clearTimeout(timer);
  }

  private async connect(): Promise<void> {
    const options = serverConnectionOptions(this.url);
    const timeoutMs = options.connectionTimeoutMillis;
    const client = new TimedClient(options);
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel as Channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect().catch((error: unknown) => Promise.reject(describeConnectError(error, this.url, timeoutMs)));
      for (const channel of ['bpnn_models', 'bpnn_job_events', 'bpnn_job_cancel'] satisfies Channel[]) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      hangUp(client);
      throw error;
    }
    this.client = client;
    this.connected = true;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.check(client, timeoutMs), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** One heartbeat: `SELECT 1` answered within `timeoutMs`, or the connection is lost. */
  private check(client: pg.Client, timeoutMs: number): void {
    if (this.client !== client) return;
    client.query({ text: 'SELECT 1', query_timeout: timeoutMs } as pg.QueryConfig).catch((error: Error) => this.lost(client, error));
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.connected = false;
    clearInterval(this.heartbeat);
    hangUp(client);
    this.log(`bpnn-server: the LISTEN connection to PostgreSQL was lost (${error.message}); reconnecting`);
    const again = () => {
      this.retry = setTimeout(() => {
        if (this.closed) return;
        this.connect().then(
          () => {
            this.log('bpnn-server: the LISTEN connection to PostgreSQL is back; rereading what was missed');
            for (const handler of this.reconnectHandlers) handler();
          },
          again,
        );
      }, 1000);
      this.retry.unref();
    };
    again();
  }
}
