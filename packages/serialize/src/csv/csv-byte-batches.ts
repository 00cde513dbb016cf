/**
 * CSV bytes in batches of whole records: csv-batches.ts's cut (just after a line break that is
 * outside quotes), made on the UTF-8 bytes instead of decoded text. Quotes and line breaks are
 * ASCII, and no byte of a multi-byte UTF-8 character is ASCII, so the bytes are cut exactly where
 * the text would be. A string chunk is encoded to UTF-8. Only the bytes after the last cut are held
 * between chunks (a whole quoted field while it is open), never the file.
 */
import { chunksOf, type ChunkSource } from '../sources/chunks.js';

const QUOTE = 0x22; // "
const LINE_FEED = 0x0a; // \n

/**
 * The batches of `input`; when the bytes after the last cut (one record, still open) grow past
 * `maxRecord`, the error `tooLong()` gives, once every batch before them has been handed out.
 */
export async function* csvByteBatches(input: ChunkSource, maxRecord = Infinity, tooLong: () => Error = () => new Error('a CSV record is too long')): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: Uint8Array = new Uint8Array(0); // bytes not yet in a batch
  let scanned = 0; // pending[0, scanned) has been scanned
  let quoted = false; // inside quotes at `scanned`
  const held = new Held();
  for await (const chunk of chunksOf(input)) {
    let bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    if (bytes.length === 0) continue;
    if (pending.length > 0 && !quoted && pending.indexOf(QUOTE, scanned) < 0) {
      // The held bytes and the chunk's first line make a batch of their own, so the rest of the
      // chunk is a batch without a copy, when no quote is open.
      const lineFeed = bytes.indexOf(LINE_FEED);
      if (lineFeed >= 0 && bytes.lastIndexOf(QUOTE, lineFeed) < 0) {
        yield joined(pending, bytes.subarray(0, lineFeed + 1));
        pending = new Uint8Array(0);
        scanned = 0;
        bytes = bytes.subarray(lineFeed + 1);
        if (bytes.length === 0) continue;
      }
    }
    pending = pending.length === 0 ? bytes : held.append(pending, bytes);
    let end = 0; // pending[0, end) is whole records
    if (!quoted && pending.indexOf(QUOTE, scanned) < 0) {
      const lineFeed = pending.subarray(scanned).lastIndexOf(LINE_FEED); // in the bytes not scanned yet (a long line is scanned once)
      if (lineFeed >= 0) end = scanned + lineFeed + 1;
    } else {
      // From quote to quote: the line breaks between two quotes are all inside or all outside quotes.
      for (let at = scanned; at < pending.length; ) {
        const quote = pending.indexOf(QUOTE, at);
        const stop = quote < 0 ? pending.length : quote;
        if (!quoted && stop > at) {
          const lineFeed = pending.subarray(at, stop).lastIndexOf(LINE_FEED);
          if (lineFeed >= 0) end = at + lineFeed + 1;
        }
        if (quote < 0) at = pending.length;
        else {
          quoted = !quoted;
          at = quote + 1;
        }
      }
    }
    scanned = pending.length - end;
    if (end > 0) {
      yield pending.subarray(0, end);
      pending = pending.subarray(end);
    }
    if (pending.length > maxRecord) throw tooLong();
  }
  if (pending.length > 0) yield pending;
}

/**
 * Room for the bytes held between chunks, which grows by doubling: a record that spans many chunks
 * (a long line, or a quote never closed, which holds the rest of the file) is copied a few times in
 * all, not once per chunk (a copy per chunk grows with the square of the record's size: 1.9 s for
 * a quote left open at the start of a file of 17 MB, read in chunks of 64 KB).
 */
class Held {
  private room = new Uint8Array(0);

  /** `pending` (the bytes held, in the room or not) followed by `bytes`. Bytes handed out before are no longer read. */
  append(pending: Uint8Array, bytes: Uint8Array): Uint8Array {
    const length = pending.length + bytes.length;
    const inRoom = pending.buffer === this.room.buffer;
    const at = inRoom ? pending.byteOffset - this.room.byteOffset : 0;
    if (inRoom && at + length <= this.room.length) {
      this.room.set(bytes, at + pending.length);
      return this.room.subarray(at, at + length);
    }
    const room = new Uint8Array(Math.max(length * 2, 1 << 16));
    room.set(pending);
    room.set(bytes, pending.length);
    this.room = room;
    return room.subarray(0, length);
  }
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
