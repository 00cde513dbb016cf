/**
 * The primary's messages to one worker, in the order they were given. A job's history (an
 * `epochs` event, up to 100,000 epochs) is not one message: it goes as messages of
 * EPOCHS_PER_MESSAGE epochs, each cut from the job's array when the one before has been written
 * (worker.send's callback), so that what waits stays here as a view, not serialised in the
 * channel's buffers; messages given after it wait behind it, then go at once. One message of a
 * long history cost the primary and the worker their event loops and hundreds of MB for every
 * client that followed such a job (20 clients of a 100,000-epoch job: 38 s and 495 MB in the
 * primary, against 4.3 s and 144 MB for one process). Other messages (a live epoch, a reply) are
 * small and go as they come: waiting for each one's callback would hold a fast job's live epochs
 * to a few per turn of the event loop.
 */
import type { EpochInfo } from '@bpnn/core';
import type { ToWorker } from './messages.js';

export const EPOCHS_PER_MESSAGE = 1000;

export interface Channel {
  send(message: ToWorker, callback?: (error: Error | null) => void): unknown;
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
  /** What waits behind a history being sent, from `head` on (a queue without shift's copying). */
  private queue: Array<ToWorker | History> = [];
  private head = 0;
  /** A piece of a history is in the channel, not yet written. */
  private writing = false;

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
    this.queue = this.queue.slice(this.head).filter((item) => ('epochs' in item ? item.follow !== follow : !(item.t === 'event' && item.id === follow)));
    this.head = 0;
  }

  /** Messages and histories not yet handed to the channel. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  private pump(): void {
    while (!this.writing && this.head < this.queue.length) {
      if (!this.channel.isConnected()) {
        this.queue = []; // the worker is gone: nobody will read them
        this.head = 0;
        return;
      }
      const item = this.queue[this.head]!;
      if ('epochs' in item) {
        const to = Math.min(item.end, item.next + EPOCHS_PER_MESSAGE);
        const piece: ToWorker = { t: 'event', id: item.follow, event: { type: 'epochs', losses: item.epochs.slice(item.next, to), start: 0, end: to - item.next } };
        item.next = to;
        if (item.next >= item.end) this.advance();
        this.writing = true;
        this.channel.send(piece, () => {
          this.writing = false;
          this.pump();
        });
      } else {
        this.advance();
        this.channel.send(item);
      }
    }
  }

  private advance(): void {
    this.head++;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
