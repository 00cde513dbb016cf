/**
 * Which finished job records to forget: beyond `keepJobs` records, or beyond `keepBytes` bytes of
 * them (a record holds every epoch's loss, so a few long jobs weigh more than many short ones),
 * the oldest go first. A record's size is the length of its JSON, as saved on disk.
 */
import type { JobRecord } from './job-record.js';

export interface Retained {
  record: JobRecord;
  /** Bytes of the record's JSON. */
  size: number;
}

/** The finished records to delete, oldest first, so that at most keepJobs and keepBytes remain. */
export function expiredRecords<T extends Retained>(finished: T[], keepJobs: number, keepBytes: number): T[] {
  const byAge = (job: T) => job.record.finishedAt ?? job.record.createdAt;
  const newestFirst = [...finished].sort((a, b) => byAge(b).localeCompare(byAge(a)));
  let bytes = 0;
  const cut = newestFirst.findIndex((job, i) => {
    bytes += job.size;
    return i >= keepJobs || bytes > keepBytes;
  });
  return cut < 0 ? [] : newestFirst.slice(cut).reverse();
}
