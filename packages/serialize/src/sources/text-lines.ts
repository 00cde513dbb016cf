/**
 * Lines of UTF-8 text from a string, bytes, or (async) iterables of chunks, numbered from 1, with
 * "\n" or "\r\n" endings removed; a chunk may end anywhere, even inside a character.
 */
import { chunksOf, type ChunkSource } from './chunks.js';

/** A text file: a string, bytes, or chunks of either (chunks.ts). */
export type TextSource = ChunkSource;

export async function* textLines(input: TextSource): AsyncGenerator<{ text: string; line: number }> {
  const chunks = chunksOf(input);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let pending = '';
  let line = 0;
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      yield { text: pending.slice(0, end).replace(/\r$/, ''), line: ++line };
      pending = pending.slice(end + 1);
    }
  }
  pending += decoder.decode();
  if (pending !== '') yield { text: pending.replace(/\r$/, ''), line: ++line };
}
