/**
 * The jobs waiting for a worker, first in first out, bounded by count and by bytes of data. A
 * job counts from the moment it is submitted (before its record is written), so that concurrent
 * submissions cannot overfill it; with free worker slots, that many more may wait for a moment.
 */
import { HttpError } from '../http/http-error.js';

export class JobQueue<T extends { dataBytes: number }> {
  private readonly items: T[] = [];
  private bytes = 0;

  constructor(
    readonly maxJobs: number,
    readonly maxQueue: number,
    readonly maxBytes: number,
  ) {}

  get length(): number {
    return this.items.length;
  }

  first(): T | undefined {
    return this.items[0];
  }

  /** Throws the 429 (with Retry-After) for a job of `dataBytes` that does not fit now. */
  checkRoom(running: number, dataBytes: number): void {
    const freeSlots = Math.max(0, this.maxJobs - running);
    if (this.items.length >= this.maxQueue + freeSlots) {
      throw new HttpError(429, `${running} jobs are training and ${this.items.length} waiting, the most this server takes (${this.maxJobs} + ${this.maxQueue}); try again later`, { 'Retry-After': '30' });
    }
    if (this.bytes > 0 && this.bytes + dataBytes > this.maxBytes) {
      throw new HttpError(429, `the jobs waiting hold ${this.bytes} bytes of data; with this one's ${dataBytes} that is more than the ${this.maxBytes} this server queues; try again later`, { 'Retry-After': '30' });
    }
  }

  push(item: T): void {
    this.items.push(item);
    this.bytes += item.dataBytes;
  }

  /** Takes an item out; false when it was not there. */
  remove(item: T): boolean {
    const at = this.items.indexOf(item);
    if (at < 0) return false;
    this.items.splice(at, 1);
    this.bytes -= item.dataBytes;
    return true;
  }
}
