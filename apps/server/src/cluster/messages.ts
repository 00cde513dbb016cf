/**
 * The messages between a `--processes N` primary and its workers (node:cluster IPC, 'advanced'
 * serialization, so that a job's bytes cross as a Uint8Array). With folders, the primary owns the
 * jobs (one writer of the jobs folder, one set of training threads) and the workers call it:
 * each call has an id, answered by one reply; a follow is answered by its events, then the reply.
 */
import type { EpochInfo } from '@bpnn/core';
import type { JobEvent } from '../jobs/job-record.js';

export const JOB_METHODS = ['submit', 'list', 'get', 'summary', 'cancel', 'countByState', 'stats'] as const;
export type JobMethod = (typeof JOB_METHODS)[number];

/** An error as it crosses: enough to answer the same status (HttpError) or the same code (ENOSPC → 507). */
export interface ErrorData {
  message: string;
  status?: number;
  headers?: Record<string, string>;
  code?: string;
}

export type ToPrimary =
  | { t: 'listening'; url: string }
  | { t: 'call'; id: number; method: JobMethod; args: unknown[] }
  | { t: 'follow'; id: number; job: string; after: number }
  | { t: 'unfollow'; id: number };

export type ToWorker =
  | { t: 'reply'; id: number; value?: unknown; error?: ErrorData }
  | { t: 'event'; id: number; event: JobEvent }
  /** Live epochs of one job for several follows: each hears infos[from..] as `epoch` events (live-epochs.ts). */
  | { t: 'live'; infos: EpochInfo[]; follows: Array<[follow: number, from: number]> };

export function errorData(error: unknown): ErrorData {
  const e = error as { message?: unknown; status?: unknown; headers?: unknown; code?: unknown };
  return {
    message: typeof e?.message === 'string' ? e.message : String(error),
    status: typeof e?.status === 'number' ? e.status : undefined,
    headers: typeof e?.headers === 'object' && e.headers !== null ? (e.headers as Record<string, string>) : undefined,
    code: typeof e?.code === 'string' ? e.code : undefined,
  };
}
