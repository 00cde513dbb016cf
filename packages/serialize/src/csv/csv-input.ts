/**
 * The start of a CSV input, looked at before it is read: whether it comes as bytes and, if so,
 * its first bytes (for a byte-order mark, encoding.ts), with the input given back whole; and the
 * input's own failures (a file that cannot be read further) as bpnn errors.
 */
import { BpnnError, FormatError } from '@bpnn/core';
import { chunksOf, type ChunkSource } from '../sources/chunks.js';
import { quotedInMessage } from './quoted.js';

/** Bytes enough to hold any byte-order mark. */
const HEAD_BYTES = 3;

/**
 * The input's first bytes (at least HEAD_BYTES unless it is shorter), or undefined when it starts
 * with text; and the input again, every chunk as it came.
 */
export async function headOf(input: ChunkSource, source: string): Promise<{ head: Uint8Array | undefined; rest: AsyncIterable<string | Uint8Array> }> {
  const chunks = chunksOf(input, source);
  const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : (chunks as Iterable<string | Uint8Array>)[Symbol.iterator]();
  const taken: (string | Uint8Array)[] = [];
  let done = false;
  let length = 0;
  while (length < HEAD_BYTES) {
    const next = await readInput(() => iterator.next(), source);
    if (next.done === true) {
      done = true;
      break;
    }
    taken.push(next.value);
    if (typeof next.value === 'string') break;
    length += next.value.length;
  }
  const bytes = taken.filter((chunk): chunk is Uint8Array => typeof chunk !== 'string');
  const head = taken.length === 0 || typeof taken[0] === 'string' ? undefined : joined(bytes);
  const rest = (async function* () {
    yield* taken;
    if (done) return;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  })();
  return { head, rest };
}

/** A read of the input, whose own failure (a file that cannot be read further) is a bpnn error, as in readBatches. */
export async function readInput<T>(read: () => T | Promise<T>, source: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof BpnnError) throw error;
    throw new FormatError(`${source}: not valid CSV: ${quotedInMessage(error instanceof Error ? error.message : String(error))}`);
  }
}

function joined(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
