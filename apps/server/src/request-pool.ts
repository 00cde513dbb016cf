/**
 * The request pool: a few worker threads (piscina, running pool-worker.ts) that take the
 * predictions, body parsing and model reading that would hold the event loop for long, so that
 * health checks and small predictions stay fast while they run. Its queue is bounded: when it is
 * full, a request is answered 503 with Retry-After at once rather than waiting without end.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { HttpError } from './http/http-error.js';
import type { UploadResult, UploadTask } from './models/model-upload.js';
import type { JobCheck, PredictResult, PredictTask } from './pool-worker.js';

/** The pool worker's tasks (its exports of these names): large predictions, job bodies and model uploads. */
export const POOL_TASKS = ['predict', 'checkJob', 'readUpload'] as const;
export type PoolTask = (typeof POOL_TASKS)[number];

/** Threads by default: one per core beyond the first (which runs the event loop), at least 1, at most 4. */
export const defaultPoolThreads = () => Math.max(1, Math.min(4, availableParallelism() - 1));
/** Requests waiting for a thread, by default. */
export const DEFAULT_POOL_QUEUE = 32;

export function defaultPoolWorkerFile(): string {
  const beside = fileURLToPath(new URL('./pool-worker.js', import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../dist/pool-worker.js', import.meta.url));
}

export class RequestPool {
  private pool?: Piscina;
  /** Tasks the threads answered (a 4xx answer included; not one refused by a full queue), by task. */
  readonly done: Record<PoolTask, number> = { predict: 0, checkJob: 0, readUpload: 0 };
  /** Tasks handed to the pool and not yet answered: running on a thread or waiting in the queue. */
  active = 0;

  /** The threads start with the first task, so that an app that never needs them never has them. */
  constructor(private readonly options: { workerFile?: string; threads?: number; queue?: number } = {}) {}

  /** A prediction; a 503 with Retry-After when the queue is full. */
  predict(task: PredictTask): Promise<PredictResult> {
    return this.run(task, 'predict') as Promise<PredictResult>;
  }

  /** A large job body, parsed and checked; a 503 with Retry-After when the queue is full. */
  checkJob(body: Uint8Array): Promise<JobCheck> {
    return this.run(body, 'checkJob') as Promise<JobCheck>;
  }

  /**
   * A large model upload, read and checked (model-upload.ts), or a large model file a store reads
   * (model-reader.ts); a 503 with Retry-After when the queue is full. The body's buffer is moved to the thread when the body is all of it (as
   * express's is for a large body): the caller must not use the body afterwards.
   */
  readUpload(task: UploadTask): Promise<UploadResult> {
    const { body } = task;
    const whole = body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
    return this.run(task, 'readUpload', whole ? [body.buffer] : []) as Promise<UploadResult>;
  }

  private async run(task: unknown, name: PoolTask, transferList: ArrayBuffer[] = []): Promise<unknown> {
    this.pool ??= new Piscina({
      filename: this.options.workerFile ?? defaultPoolWorkerFile(),
      maxThreads: this.options.threads ?? defaultPoolThreads(),
      minThreads: 1,
      maxQueue: this.options.queue ?? DEFAULT_POOL_QUEUE,
      idleTimeout: 60_000,
    });
    this.active++;
    try {
      const answer = await this.pool.run(task, { name, transferList });
      this.done[name]++;
      return answer;
    } catch (error) {
      if (error instanceof Error && error.message === 'Task queue is at limit') throw busy();
      throw error;
    } finally {
      this.active--;
    }
  }

  /** Tasks waiting for a thread. */
  get queueSize(): number {
    return this.pool?.queueSize ?? 0;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}

const busy = () => new HttpError(503, 'the request threads are all busy and their queue is full; try again shortly', { 'Retry-After': '1' });
