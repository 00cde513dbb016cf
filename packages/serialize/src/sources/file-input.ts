/**
 * A whole file as a reader takes it (readModel, readModelJson, the importers, the data readers):
 * text, bytes, or either. Checked before anything reads it, so that an ArrayBuffer (what
 * `file.arrayBuffer()` and `response.arrayBuffer()` give), a DataView, a Uint8Array whose buffer
 * was transferred, or null is an error saying what was given and what to pass instead, not a
 * TypeError from inside the reader.
 */
import { show } from '@bpnn/core';

/** A Uint8Array (Node's Buffer too), of this realm or another. */
export function isBytes(value: unknown): value is Uint8Array {
  return Object.prototype.toString.call(value) === '[object Uint8Array]';
}

/** What a reader takes as a whole file. */
export type FileInputKind = 'bytes' | 'text' | 'text or bytes';

const WANTED: Record<FileInputKind, string> = {
  bytes: 'bytes (a Uint8Array)',
  text: 'text (a string)',
  'text or bytes': 'text or bytes (a string or a Uint8Array)',
};

/** How to pass a file, for the advice of an error about the input itself (not about the file's content). */
export function inputAdvice(kind: FileInputKind): string {
  const bytes = "its bytes as a Uint8Array (Node's readFile gives one)";
  return kind === 'bytes' ? `Pass the file's ${bytes.slice(4)}.` : `Pass the file's text, or ${bytes}.`;
}

/** What is wrong with `input` as a whole file a reader of `kind` takes ("must be bytes …, got …"), or undefined when nothing is. */
export function fileInputProblem(input: unknown, kind: FileInputKind): string | undefined {
  if (typeof input === 'string' && kind !== 'bytes') return undefined;
  if (isBytes(input) && kind !== 'text') {
    return isDetached(input) ? `must be ${WANTED[kind]}, got a Uint8Array whose ArrayBuffer was transferred (detached): it holds no bytes now` : undefined;
  }
  return `must be ${WANTED[kind]}, got ${given(input, kind)}`;
}

/** A value that is not a file a reader of `kind` takes, as the error names it, with how to pass a buffer or view instead. */
export function given(value: unknown, kind: FileInputKind): string {
  return `${describe(value)}${kind === 'text' ? '' : hint(value)}`;
}

/** A value as the error names it: what kind of buffer or view it is, else as `show` writes it. */
function describe(value: unknown): string {
  if (typeof value === 'string') return `a string (${show(value)})`;
  const tag = Object.prototype.toString.call(value).slice(8, -1); // ArrayBuffer, SharedArrayBuffer, DataView, Float32Array, …
  if (tag === 'ArrayBuffer' || tag === 'SharedArrayBuffer') return `an ${tag === 'ArrayBuffer' ? 'ArrayBuffer' : 'SharedArrayBuffer'} of ${(value as ArrayBuffer).byteLength} bytes`;
  if (ArrayBuffer.isView(value)) return `a ${tag}`;
  return show(value);
}

/** How to turn a buffer or another view into the Uint8Array a reader takes. */
function hint(value: unknown): string {
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag === 'ArrayBuffer' || tag === 'SharedArrayBuffer') return ': wrap it as new Uint8Array(buffer)';
  if (ArrayBuffer.isView(value)) return ': if it holds the file, pass new Uint8Array(view.buffer, view.byteOffset, view.byteLength)';
  return '';
}

/** Whether a Uint8Array's buffer was transferred (postMessage, structuredClone): its length is then 0 and most reads throw. */
export function isDetached(bytes: Uint8Array): boolean {
  if (bytes.byteLength > 0) return false;
  const buffer = bytes.buffer as ArrayBufferLike & { detached?: boolean };
  if (typeof buffer.detached === 'boolean') return buffer.detached; // ES2024; Node 20 does not have it
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}
