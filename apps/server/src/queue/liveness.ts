/**
 * Which processes are alive: each process writes its id and the database's time into
 * bpnn_workers every `heartbeatMs`, and checks for running jobs whose process has not done so for
 * `staleMs` (it died: SIGKILL, power, network). Such a job is handed to `onOrphan`, which puts it
 * back in the queue or fails it (queue/postgres.ts); the UPDATE that does so names the dead
 * process, so that of the processes that notice, one acts. Times are the database's, so clocks
 * of different machines need not agree.
 *
 * A process judges the others only once it has itself been beating for `staleMs` (since it
 * started, and since its last failed beat): while PostgreSQL was down (a restart, a failover)
 * no process could beat, and the first one back would find every other silent and take their
 * running jobs from them, alive as they are.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database } from '../pg/database.js';

export interface Orphan {
  id: string;
  worker: string;
  attempts: number;
}

export class Liveness {
  /** This process: host, pid and a random part (a pid is reused after a restart). */
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer?: NodeJS.Timeout;
  private beating?: Promise<unknown>;
  private failing = false;
  /** When the beats last started to succeed (performance.now()); undefined while they fail. */
  private beatingSince?: number;

  constructor(
    private readonly db: Database,
    private readonly onOrphan: (orphan: Orphan) => Promise<void>,
    private readonly options: { heartbeatMs: number; staleMs: number; log: (line: string) => void },
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beating ??= this.beat()
        .then(
          () => (this.failing = false),
          (error: unknown) => {
            this.beatingSince = undefined;
            if (!this.failing) this.options.log(`bpnn-server: heartbeat to PostgreSQL failed (logged once until it works again): ${error instanceof Error ? error.message : String(error)}`);
            this.failing = true;
          },
        )
        .finally(() => (this.beating = undefined));
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  /** Stops beating and removes this process's row (its jobs have been handed back by then). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    await this.db.pool.query('DELETE FROM bpnn_workers WHERE id = $1', [this.id]).catch(() => {});
  }

  private async beat(): Promise<void> {
    await this.db.pool.query('INSERT INTO bpnn_workers (id, seen_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET seen_at = now()', [this.id]);
    this.beatingSince ??= performance.now();
    if (performance.now() - this.beatingSince < this.options.staleMs) return; // the others may not have beaten yet either
    const orphans = await this.db.pool.query<Orphan>(
      `SELECT j.id, j.worker, j.attempts FROM bpnn_jobs j LEFT JOIN bpnn_workers w ON w.id = j.worker
       WHERE j.state = 'running' AND (w.id IS NULL OR w.seen_at < now() - make_interval(secs => $1))`,
      [this.options.staleMs / 1000],
    );
    for (const orphan of orphans.rows) await this.onOrphan(orphan);
    await this.db.pool.query('DELETE FROM bpnn_workers WHERE seen_at < now() - make_interval(secs => $1)', [Math.max(60, (this.options.staleMs / 1000) * 10)]);
  }
}
