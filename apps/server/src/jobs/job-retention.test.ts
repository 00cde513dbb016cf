import { describe, expect, it } from 'vitest';
import { expiredRecords } from './job-retention.js';
import type { JobRecord } from './job-record.js';

/** A finished record at minute `minute`, of `size` bytes. */
const job = (id: string, minute: number, size: number) => ({
  record: { id, createdAt: `2026-01-01T00:00:00.000Z`, finishedAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z` } as JobRecord,
  size,
});

describe('expiredRecords', () => {
  const jobs = [job('c', 3, 100), job('a', 1, 100), job('d', 4, 700), job('b', 2, 100)];
  const ids = (list: Array<{ record: JobRecord }>) => list.map((j) => j.record.id);

  it('keeps the newest keepJobs records; the rest go, oldest first', () => {
    expect(ids(expiredRecords(jobs, 2, Infinity))).toEqual(['a', 'b']);
    expect(ids(expiredRecords(jobs, 4, Infinity))).toEqual([]);
    expect(ids(expiredRecords(jobs, 0, Infinity))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the newest records that fit in keepBytes, counting from the newest', () => {
    expect(ids(expiredRecords(jobs, 10, 1000))).toEqual([]); // 700 + 100 + 100 + 100
    expect(ids(expiredRecords(jobs, 10, 900))).toEqual(['a']);
    expect(ids(expiredRecords(jobs, 10, 800))).toEqual(['a', 'b']);
    expect(ids(expiredRecords(jobs, 10, 699))).toEqual(['a', 'b', 'c', 'd']); // the newest alone is too big
  });

  it('applies whichever bound is tighter', () => {
    expect(ids(expiredRecords(jobs, 1, 1000))).toEqual(['a', 'b', 'c']);
    expect(ids(expiredRecords(jobs, 3, 800))).toEqual(['a', 'b']);
  });
});
