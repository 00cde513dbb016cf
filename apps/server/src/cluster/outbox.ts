/**
 * The primary's messages to one worker, in the order they were given, a few at a time: the next
 * goes once the channel has written one of those under way (worker.send's callback), so that
 * what waits stays here, not serialised in the channel's buffers. A job's history (an `epochs`
 * event, up to 100,000 epochs) is not one message: it goes as messages of EPOCHS_PER_MESSAGE
 * epochs, each cut from the job's array when its turn comes. One message of a long history
 * cost the primary and the worker their event loops and hundreds of MB for every client that
 * followed such a job (20 clients of a 100,000-epoch job: 38 s and 495 MB in the primary, against
 * 4.3 s and 144 MB for one process).
 */
import type { EpochInfo } from '@bpnn/core';
import type { ToWorker } from './messages.js';

export const EPOCHS_PER_MESSAGE = 1000;
/** Messages handed to the channel and not yet written. */
export const IN_FLIGHT = 4;

export interface Channel {
  send(message: ToWorker, callback: (error: Error | null) => void): unknown;
  isConnected(): boolean;
}

/** A history still to send: epochs[next..end) of one follow. */
interface History {
  follow: number;
  epochs: readonly EpochInfo[];
  next: number;
  end: number;
}

export class Outbox {
  private readonly queue: Array<ToWorker | History> = [];
  private inFlight = 0;

  constructor(private readonly channel: Channel) {}

  send(message: ToWorker): void {
    this.queue.push(message);
    this.pump();
  }

  /** The `epochs` events of follow `follow` for epochs[start..end) (the array must not shrink meanwhile). */
  sendEpochs(follow: number, epochs: readonly EpochInfo[], start: number, end: number): void {
    if (start < end) this.queue.push({ follow, epochs, next: start, end });
    this.pump();
  }

  /** Drops what waits for follow `follow` (its client left). */
  forget(follow: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i]!;
      if ('epochs' in item ? item.follow === follow : item.t === 'event' && item.id === follow) this.queue.splice(i, 1);
    }
  }

  /** Messages not yet handed to the channel. */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < IN_FLIGHT && this.queue.length > 0) {
      if (!this.channel.isConnected()) {
        this.queue.length = 0; // the worker is gone: nobody will read them
        return;
      }
      const head = this.queue[0]!;
      let message: ToWorker;
      if ('epochs' in head) {
        const to = Math.min(head.end, head.next + EPOCHS_PER_MESSAGE);
        message = { t: 'event', id: head.follow, event: { type: 'epochs', losses: head.epochs.slice(head.next, to), start: 0, end: to - head.next } };
        head.next = to;
        if (head.next >= head.end) this.queue.shift();
      } else {
        message = head;
        this.queue.shift();
      }
      this.inFlight++;
      this.channel.send(message, () => {
        this.inFlight--;
        this.pump();
      });
    }
  }
}
