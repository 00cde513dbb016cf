/**
 * What the data readers take: a whole string or bytes, or chunks of either, from an iterable, an
 * async iterable (a Node stream, an async generator) or a web ReadableStream (a browser `File`'s
 * `stream()`, a `fetch` response's `body`), read through its reader where it is not async
 * iterable (Safari's, for one). Chunks are passed on as they come; nothing is gathered.
 */
import { BpnnError, DataError, show } from '@bpnn/core';
import { fileInputProblem, given, isBytes } from './file-input.js';

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

export function chunksOf(input: ChunkSource, source = 'the input'): AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> {
  if (typeof input === 'string') return [input];
  if (isBytes(input)) { // (also a Uint8Array of another realm: a page's frame, a vm context)
    const problem = fileInputProblem(input, 'text or bytes');
    if (problem !== undefined) throw new DataError(`${source} ${problem}`);
    return [input];
  }
  if (input === null || typeof input !== 'object' || ArrayBuffer.isView(input) || !(Symbol.asyncIterator in input || Symbol.iterator in input || 'getReader' in input)) {
    throw new DataError(`the input must be a string, bytes, or chunks of them (an iterable, an async iterable or a ReadableStream), got ${given(input, 'text or bytes')}`);
  }
  if (Symbol.asyncIterator in input || Symbol.iterator in input) return checkedChunks(input as AsyncIterable<unknown> | Iterable<unknown>, source);
  return checkedChunks(readerChunks(input), source);
}

/**
 * The chunks of an iterable, each checked to be a string or bytes (a DataError names the first
 * that is not); the source's own failure (a stream that errors, a file that cannot be read
 * further) is a DataError that says so and keeps its message, not a complaint about the data.
 */
async function* checkedChunks(chunks: AsyncIterable<unknown> | Iterable<unknown>, source: string): AsyncGenerator<string | Uint8Array> {
  const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : (chunks as Iterable<unknown>)[Symbol.iterator]();
  let done = false;
  try {
    for (let index = 0; ; index++) {
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (error) {
        done = true; // an iterator that threw is finished
        if (error instanceof BpnnError) throw error;
        throw new DataError(`${source} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (next.done === true) {
        done = true;
        return;
      }
      const chunk = next.value;
      if (typeof chunk !== 'string' && !isBytes(chunk)) {
        throw new DataError(`chunk ${index} of ${source} must be a string or bytes (a Uint8Array), got ${show(chunk)}`);
      }
      yield chunk;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
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
