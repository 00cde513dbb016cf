/**
 * Job records and their events in PostgreSQL, shared by every process: bpnn_jobs holds each
 * record (without its epochs) with the attempt count, the process running it and a cancel flag;
 * bpnn_job_events holds what a job's event stream replays (state changes, epochs, the result) in
 * order of `seq`, and a job's latest snapshot (each new one replaces the one before; a job that
 * ended over a minute ago keeps none); bpnn_job_payloads holds a job's data until it ends. Every
 * write that adds events sends NOTIFY bpnn_job_events with the job's id, in the same transaction.
 */
import { show, type EpochInfo } from '@bpnn/core';
import type pg from 'pg';
import { HttpError } from '../http/http-error.js';
import { FINISHED, JOB_STATES, type JobRecord, type JobState } from '../jobs/job-record.js';
import type { JobSnapshot } from '../jobs/job-snapshot.js';
import type { Database, Sql } from '../pg/database.js';

export type StoredEvent = { seq: number } & ({ type: 'state' | 'result'; data: JobRecord } | { type: 'epoch'; data: EpochInfo } | { type: 'snapshot'; data: JobSnapshot });

/**
 * A finished job's finishedAt, from the database's clock: a record ended on a machine whose clock
 * is behind would otherwise look older than it is, and be pruned before its followers read it.
 */
const FINISHED_NOW = `jsonb_build_object('finishedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/** How long a finished job is kept whatever --keep-jobs says: a client following it reads its result meanwhile. */
export const FOLLOW_GRACE = "interval '1 minute'";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FINISHED_LIST = [...FINISHED];

/** A record as stored: without its epochs, which are events. */
const bare = (record: JobRecord): JobRecord => ({ ...record, losses: [] });

export class JobRecords {
  constructor(private readonly db: Database) {}

  /** Inserts a new record, its payload and its first event (inside the caller's transaction). */
  async create(client: Sql, record: JobRecord, body: Uint8Array): Promise<void> {
    await client.query('INSERT INTO bpnn_jobs (id, state, record, data_bytes) VALUES ($1, $2, $3, $4)', [record.id, record.state, bare(record), body.byteLength]);
    await client.query('INSERT INTO bpnn_job_payloads (id, body) VALUES ($1, $2)', [record.id, Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
    await this.event(client, record.id, 'state', bare(record));
  }

  /** The record with its epochs; a 404 when there is none. */
  async get(id: string): Promise<JobRecord> {
    const record = await this.summary(id);
    const epochs = await this.db.pool.query<{ data: EpochInfo }>("SELECT data FROM bpnn_job_events WHERE job_id = $1 AND type = 'epoch' ORDER BY seq", [id]);
    return { ...record, losses: epochs.rows.map((row) => row.data) };
  }

  /** The record without its epochs; a 404 when there is none. */
  async summary(id: string): Promise<JobRecord> {
    if (!UUID.test(id)) throw new HttpError(404, `job ${show(id)} not found`);
    const found = await this.db.pool.query<{ record: JobRecord }>('SELECT record FROM bpnn_jobs WHERE id = $1', [id]);
    if (found.rows.length === 0) throw new HttpError(404, `job ${show(id)} not found`);
    return found.rows[0].record;
  }

  async list(): Promise<JobRecord[]> {
    return (await this.db.pool.query<{ record: JobRecord }>('SELECT record FROM bpnn_jobs ORDER BY created_at, id')).rows.map((row) => row.record);
  }

  async countByState(): Promise<Record<JobState, number>> {
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
    const rows = (await this.db.pool.query<{ state: JobState; n: string }>('SELECT state, count(*) AS n FROM bpnn_jobs GROUP BY state')).rows;
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }

  /** Jobs waiting, the bytes of their data, and attempts beyond the first. */
  async stats(): Promise<{ queued: number; queuedBytes: number; retries: number }> {
    const row = (
      await this.db.pool.query<{ queued: string; bytes: string; retries: string }>(
        "SELECT count(*) FILTER (WHERE state = 'queued') AS queued, coalesce(sum(data_bytes) FILTER (WHERE state = 'queued'), 0) AS bytes, coalesce(sum(greatest(attempts - 1, 0)), 0) AS retries FROM bpnn_jobs",
      )
    ).rows[0];
    return { queued: Number(row.queued), queuedBytes: Number(row.bytes), retries: Number(row.retries) };
  }

  async payload(id: string): Promise<Uint8Array | undefined> {
    const row = (await this.db.pool.query<{ body: Buffer }>('SELECT body FROM bpnn_job_payloads WHERE id = $1', [id])).rows[0];
    return row === undefined ? undefined : new Uint8Array(row.body.buffer, row.body.byteOffset, row.body.byteLength);
  }

  /**
   * Moves a job to `state` when it is in one of `from` (and `where` holds), writes the record with
   * `changes`, adds the event (`result` for a finished state, else `state`) and notifies; returns
   * the new record, or undefined when the job was not in such a state (someone else moved it).
   */
  async move(id: string, from: JobState[], changes: Partial<JobRecord> & { state: JobState }, extra: { where?: string; set?: string; params?: unknown[]; client?: pg.PoolClient } = {}): Promise<JobRecord | undefined> {
    const work = async (client: Sql) => {
      const params = [id, from, changes.state, JSON.stringify({ ...changes, losses: [] }), ...(extra.params ?? [])];
      const result = await client.query<{ record: JobRecord }>(
        `UPDATE bpnn_jobs SET state = $3, record = record || $4::jsonb${FINISHED.has(changes.state) ? ` || ${FINISHED_NOW}` : ''}${extra.set === undefined ? '' : `, ${extra.set}`}
         WHERE id = $1 AND state = ANY($2)${extra.where === undefined ? '' : ` AND ${extra.where}`} RETURNING record`,
        params,
      );
      const record = result.rows[0]?.record;
      if (record === undefined) return undefined;
      if (FINISHED.has(changes.state)) await client.query('DELETE FROM bpnn_job_payloads WHERE id = $1', [id]);
      await this.event(client, id, FINISHED.has(changes.state) ? 'result' : 'state', record);
      return record;
    };
    return extra.client !== undefined ? work(extra.client) : this.db.transaction(work);
  }

  /**
   * Adds epochs and the progress they make to the record, then the snapshot taken after them
   * (which replaces the job's earlier one), in one transaction, when `worker` still runs the job;
   * false when it does not (it was thought dead and the job went to another attempt), and nothing
   * is written: a process that comes back does not mix its epochs into the next attempt's.
   */
  async epochs(id: string, worker: string, infos: EpochInfo[], snapshot?: JobSnapshot): Promise<boolean> {
    if (infos.length === 0 && snapshot === undefined) return true;
    const last = infos[infos.length - 1];
    return this.db.transaction(async (client) => {
      const owned = await client.query("SELECT 1 FROM bpnn_jobs WHERE id = $1 AND state = 'running' AND worker = $2 FOR UPDATE", [id, worker]);
      if (owned.rowCount === 0) return false;
      if (last !== undefined) {
        await client.query("INSERT INTO bpnn_job_events (job_id, type, data) SELECT $1, 'epoch', value FROM jsonb_array_elements($2::jsonb)", [id, JSON.stringify(infos)]);
        await client.query('UPDATE bpnn_jobs SET record = record || $2::jsonb WHERE id = $1', [id, JSON.stringify({ epoch: last.epoch, epochs: last.epochs, loss: last.loss, valLoss: last.valLoss ?? null })]);
      }
      if (snapshot !== undefined) {
        await client.query("DELETE FROM bpnn_job_events WHERE job_id = $1 AND type = 'snapshot'", [id]);
        await client.query("INSERT INTO bpnn_job_events (job_id, type, data) VALUES ($1, 'snapshot', $2)", [id, JSON.stringify(snapshot)]);
      }
      await client.query("SELECT pg_notify('bpnn_job_events', $1)", [id]);
      return true;
    });
  }

  /** Whether `worker` runs the job now. */
  async runs(id: string, worker: string): Promise<boolean> {
    return (await this.db.pool.query("SELECT 1 FROM bpnn_jobs WHERE id = $1 AND state = 'running' AND worker = $2", [id, worker])).rowCount !== 0;
  }

  /** Forgets the epochs and the snapshot of an earlier attempt (a retry trains from the start). */
  async clearEpochs(id: string): Promise<void> {
    await this.db.pool.query("DELETE FROM bpnn_job_events WHERE job_id = $1 AND type IN ('epoch', 'snapshot')", [id]);
  }

  /** The job's latest snapshot up to event `seq`, if it has one. */
  async snapshot(id: string, seq: number): Promise<JobSnapshot | undefined> {
    const rows = await this.db.pool.query<{ data: JobSnapshot }>("SELECT data FROM bpnn_job_events WHERE job_id = $1 AND type = 'snapshot' AND seq <= $2 ORDER BY seq DESC LIMIT 1", [id, seq]);
    return rows.rows[0]?.data;
  }

  /** The events of a job after `seq`, in order. */
  async eventsAfter(id: string, seq: number): Promise<StoredEvent[]> {
    const rows = (await this.db.pool.query<{ seq: string; type: StoredEvent['type']; data: never }>('SELECT seq, type, data FROM bpnn_job_events WHERE job_id = $1 AND seq > $2 ORDER BY seq', [id, seq])).rows;
    return rows.map((row) => ({ seq: Number(row.seq), type: row.type, data: row.data }));
  }

  /** The last event's seq of a job (0 when none). */
  async lastSeq(id: string): Promise<number> {
    return Number((await this.db.pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM bpnn_job_events WHERE job_id = $1', [id])).rows[0].seq ?? 0);
  }

  /**
   * Deletes the oldest finished records beyond `keep` (their events and payloads go with them),
   * and the snapshots of jobs that ended over a minute ago. Either waits until a job has been
   * finished a minute (FOLLOW_GRACE): a follower that reads the result a moment after it was
   * written (a notification's round trip, a poll) still finds it, with the final snapshot before
   * it, rather than following a job that is gone, for ever.
   */
  async prune(keep: number): Promise<void> {
    await this.db.pool.query(
      `DELETE FROM bpnn_jobs WHERE id IN (SELECT id FROM bpnn_jobs WHERE state = ANY($1) ORDER BY created_at DESC OFFSET $2)
       AND (record->>'finishedAt')::timestamptz < now() - ${FOLLOW_GRACE}`,
      [FINISHED_LIST, keep],
    );
    await this.db.pool.query(
      `DELETE FROM bpnn_job_events e USING bpnn_jobs j WHERE e.job_id = j.id AND e.type = 'snapshot' AND j.state = ANY($1)
       AND (j.record->>'finishedAt')::timestamptz < now() - ${FOLLOW_GRACE}`,
      [FINISHED_LIST],
    );
  }

  private async event(client: Sql, id: string, type: StoredEvent['type'], data: unknown): Promise<void> {
    await client.query('INSERT INTO bpnn_job_events (job_id, type, data) VALUES ($1, $2, $3)', [id, type, JSON.stringify(data)]);
    await client.query("SELECT pg_notify('bpnn_job_events', $1)", [id]);
  }
}
