/**
 * The batcher on its own, with fake timers: when batches go out, that each event is formatted once
 * however many clients hear it, that those clients get one shared string, and that a client that
 * joins late, lags behind or leaves still gets exactly the events it heard, in order.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedBatches } from './sse-batches.js';

interface Epoch {
  epoch: number;
  loss: number;
}

const epoch = (n: number): Epoch => ({ epoch: n, loss: 1 / n });
const wire = (e: Epoch) => `id: ${e.epoch}\nevent: epoch\ndata: ${JSON.stringify(e)}\n\n`;
const wireOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => wire(epoch(from + i))).join('');

function batches(options: { maxEvents?: number } = {}) {
  const format = vi.fn(wire);
  const batcher = new SharedBatches<Epoch>({ format, same: (a, b) => a.epoch === b.epoch && a.loss === b.loss, batchMs: 50, ...options });
  const client = (key = 'job') => {
    const writes: string[] = [];
    return { writes, text: () => writes.join(''), ...batcher.join(key, (text) => writes.push(text)) };
  };
  return { format, client };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('live events fanned out by flush', () => {
  it('writes a batch 50 ms after its first event, formatting each event once and handing every client the same string', () => {
    const { format, client } = batches();
    const clients = Array.from({ length: 150 }, () => client());
    for (let n = 1; n <= 10; n++) for (const c of clients) c.add(epoch(n)); // each client hears its own copy, as in --processes
    vi.advanceTimersByTime(49);
    expect(clients.every((c) => c.writes.length === 0)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(format).toHaveBeenCalledTimes(10);
    expect(clients[0]!.writes).toEqual([wireOf(1, 10)]);
    expect(clients.every((c) => c.writes.length === 1 && c.writes[0] === clients[0]!.writes[0])).toBe(true);
    // The next batch starts with the next event, and nothing is written while none comes.
    vi.advanceTimersByTime(500);
    expect(clients[0]!.writes).toHaveLength(1);
    for (const c of clients) c.add(epoch(11));
    vi.advanceTimersByTime(50);
    expect(format).toHaveBeenCalledTimes(11);
    expect(clients.every((c) => c.text() === wireOf(1, 11))).toBe(true);
  });

  it('writes a batch of maxEvents on the next turn, after every client has heard this turn\'s events', () => {
    const { format, client } = batches({ maxEvents: 4 });
    const [a, b] = [client(), client()];
    for (let n = 1; n <= 6; n++) a.add(epoch(n)); // a PostgreSQL read: one follower's events, then the next's
    for (let n = 1; n <= 6; n++) b.add(epoch(n));
    expect(a.writes).toEqual([]);
    vi.advanceTimersToNextTimer(); // the setImmediate, long before 50 ms
    expect(a.writes).toEqual([wireOf(1, 6)]);
    expect(b.writes[0]).toBe(a.writes[0]);
    expect(format).toHaveBeenCalledTimes(6);
  });

  it('flush writes a client\'s events at once, before whatever it writes next, and others still share theirs', () => {
    const { format, client } = batches();
    const [a, b] = [client(), client()];
    for (let n = 1; n <= 3; n++) for (const c of [a, b]) c.add(epoch(n));
    a.flush(); // a state or snapshot event for a: its epochs go first
    b.flush();
    expect(a.writes).toEqual([wireOf(1, 3)]);
    expect(b.writes[0]).toBe(a.writes[0]);
    for (const c of [a, b]) c.add(epoch(4));
    vi.advanceTimersByTime(50);
    expect(a.text()).toBe(wireOf(1, 4));
    expect(b.text()).toBe(wireOf(1, 4));
    expect(format).toHaveBeenCalledTimes(4);
  });

  it('a client that joins mid-batch after a replay, or lags behind, hears each of its events once and in order', () => {
    const { format, client } = batches();
    const a = client();
    for (let n = 1; n <= 5; n++) a.add(epoch(n));
    const late = client(); // its replay had epochs 1..3; live from 4 on
    late.add(epoch(4));
    late.add(epoch(5));
    const lagging = client(); // heard nothing yet of this batch, then all of it
    for (let n = 1; n <= 5; n++) lagging.add(epoch(n));
    a.add(epoch(6));
    vi.advanceTimersByTime(50);
    expect(a.text()).toBe(wireOf(1, 6));
    expect(late.text()).toBe(wireOf(4, 5));
    expect(lagging.text()).toBe(wireOf(1, 5));
    expect(format).toHaveBeenCalledTimes(6); // the late client's epochs are found in the log, not added again
    // Epoch 6 reaches the others after the flush: it starts the next batch, for them too.
    late.add(epoch(6));
    lagging.add(epoch(6));
    for (const c of [a, late, lagging]) c.add(epoch(7));
    vi.advanceTimersByTime(50);
    expect(a.text()).toBe(wireOf(1, 7));
    expect(late.text()).toBe(wireOf(4, 7));
    expect(lagging.text()).toBe(wireOf(1, 7));
    expect(format).toHaveBeenCalledTimes(8); // 1 to 6 in the first batch; 6 (heard late by two) and 7 in the next
  });

  it('a client that hears something else (another attempt of the job) gets it, not the log\'s event', () => {
    const { client } = batches();
    const [a, b] = [client(), client()];
    for (let n = 1; n <= 3; n++) a.add(epoch(n));
    b.add(epoch(1));
    b.add({ epoch: 2, loss: 7 }); // same epoch number, other content
    b.add({ epoch: 3, loss: 7 });
    vi.advanceTimersByTime(50);
    expect(a.text()).toBe(wireOf(1, 3));
    expect(b.text()).toBe(wire(epoch(1)) + wire({ epoch: 2, loss: 7 }) + wire({ epoch: 3, loss: 7 }));
  });

  it('a client that left gets nothing more, jobs are batched apart, and a job without clients keeps no timer', () => {
    const { client } = batches();
    const [a, b, other] = [client(), client(), client('other job')];
    a.add(epoch(1));
    b.add(epoch(1));
    other.add(epoch(9));
    b.leave();
    b.add(epoch(2));
    vi.advanceTimersByTime(50);
    expect(a.text()).toBe(wireOf(1, 1));
    expect(b.writes).toEqual([]);
    expect(other.text()).toBe(wireOf(9, 9));
    a.add(epoch(2));
    a.leave();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(50);
    expect(a.text()).toBe(wireOf(1, 1));
  });
});
