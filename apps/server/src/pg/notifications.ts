/**
 * LISTEN/NOTIFY: one dedicated connection per process that listens on the server's channels and
 * hands each notification's payload to the handlers of its channel. When the connection drops it
 * reconnects (every second until it can) and calls the `reconnected` handlers, since anything
 * notified meanwhile was missed: the model store then rereads, the event streams catch up.
 */
import pg from 'pg';
import { connectTimeoutMs, describeConnectError } from './connect-timeout.js';

export type Channel = 'bpnn_models' | 'bpnn_job_events' | 'bpnn_job_cancel';

export class Notifications {
  private client?: pg.Client;
  private readonly handlers = new Map<Channel, Set<(payload: string) => void>>();
  private readonly reconnectHandlers = new Set<() => void>();
  private closed = false;
  private retry?: NodeJS.Timeout;
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
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const timeoutMs = connectTimeoutMs(this.url);
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: timeoutMs });
    client.on('notification', (message) => {
      for (const handler of this.handlers.get(message.channel as Channel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect().catch((error: unknown) => Promise.reject(describeConnectError(error, this.url, timeoutMs)));
    for (const channel of ['bpnn_models', 'bpnn_job_events', 'bpnn_job_cancel'] satisfies Channel[]) await client.query(`LISTEN ${channel}`);
    this.client = client;
    this.connected = true;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.connected = false;
    client.end().catch(() => {});
    this.log(`bpnn-server: the LISTEN connection to PostgreSQL was lost (${error.message}); reconnecting`);
    const again = () => {
      this.retry = setTimeout(() => {
        if (this.closed) return;
        this.connect().then(
          () => {
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
