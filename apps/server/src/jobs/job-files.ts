/**
 * Job records on disk: `<id>.json` in the jobs folder, replaced atomically on every change of
 * state (not on every epoch). At start, a job that was queued or running when the last process
 * stopped is marked interrupted: its data was in memory only.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-file.js';
import { isAbandoned, isTemporary } from '../temporary-file.js';
import { FINISHED, JOB_STATES, type JobRecord } from './job-record.js';

const JOB_ID = /^[0-9a-f-]{36}$/;

export class JobFiles {
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    readonly folder: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async load(): Promise<JobRecord[]> {
    await mkdir(this.folder, { recursive: true });
    const records: JobRecord[] = [];
    for (const file of await readdir(this.folder)) {
      const path = join(this.folder, file);
      if (isTemporary(file)) {
        // A crash's, unless its writer (another server on the folder) is writing it now.
        const info = await stat(path).catch(() => undefined);
        if (info !== undefined && isAbandoned(file, info.mtimeMs, true)) await rm(path, { force: true });
        continue;
      }
      if (!file.endsWith('.json') || !JOB_ID.test(file.slice(0, -5))) continue;
      try {
        const record = JSON.parse(await readFile(path, 'utf8')) as JobRecord;
        if (record.id !== file.slice(0, -5) || !JOB_STATES.includes(record.state)) throw new Error('not a job record');
        if (!FINISHED.has(record.state)) {
          Object.assign(record, { state: 'interrupted', finishedAt: new Date().toISOString(), error: `the server stopped while the job was ${record.state}` });
          await this.save(record);
        }
        records.push(record);
      } catch (error) {
        this.log(`bpnn-server: skipped job record ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Writes the record as it is now; writes of one job happen in order. A failure is logged. */
  save(record: JobRecord): Promise<void> {
    return this.write(record).catch((error: unknown) => this.log(`bpnn-server: cannot save job ${record.id}: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Writes a new record; rejects when it could not be written (a job is accepted only once it is). */
  create(record: JobRecord): Promise<void> {
    return this.write(record);
  }

  private write(record: JobRecord): Promise<void> {
    const text = JSON.stringify(record);
    const previous = this.writes.get(record.id) ?? Promise.resolve();
    const next = previous.then(() => writeFileAtomic(join(this.folder, `${record.id}.json`), text));
    const settled = next.catch(() => {});
    this.writes.set(record.id, settled);
    void settled.then(() => {
      if (this.writes.get(record.id) === settled) this.writes.delete(record.id);
    });
    return next;
  }

  /** Deletes a record's file, after any write of it still under way. */
  async remove(id: string): Promise<void> {
    await this.writes.get(id);
    try {
      await rm(join(this.folder, `${id}.json`), { force: true });
    } catch (error) {
      this.log(`bpnn-server: cannot delete job record ${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Resolves once every write begun so far has finished. */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }
}
