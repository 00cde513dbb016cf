/**
 * What the data readers take: a whole string or bytes, or chunks of either, from an iterable, an
 * async iterable (a Node stream, an async generator) or a web ReadableStream (a browser `File`'s
 * `stream()`, a `fetch` response's `body`), read through its reader where it is not async
 * iterable (Safari's, for one). Chunks are passed on as they come; nothing is gathered.
 */
import { DataError, show } from '@bpnn/core';

/** What a web ReadableStream offers that the readers use: a reader of its chunks. */
export interface ReadableStreamLike {
  /** A reader of the stream's chunks. */
  getReader(): ReadableStreamReaderLike;
}

/** What a web ReadableStream's default reader offers that the readers use. */
export interface ReadableStreamReaderLike {
  /** The next chunk, or `done` at the end. */
  read(): Promise<{ done: boolean; value?: string | Uint8Array }>;
  /** Lets go of the stream, so that others may read it. */
  releaseLock(): void;
}

/** Data as the readers take it: the whole text or bytes, or chunks of either (iterable, async iterable, or a web ReadableStream). */
export type ChunkSource = string | Uint8Array | AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | ReadableStreamLike;

export function chunksOf(input: ChunkSource): AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> {
  if (typeof input === 'string' || input instanceof Uint8Array) return [input];
  if (input === null || typeof input !== 'object') {
    throw new DataError(`the input must be a string, bytes, or chunks of them (an iterable, an async iterable or a ReadableStream), got ${show(input)}`);
  }
  if (Symbol.asyncIterator in input || Symbol.iterator in input) return input as AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
  return readerChunks(input);
}

async function* readerChunks(stream: ReadableStreamLike): AsyncGenerator<string | Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value !== undefined) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
