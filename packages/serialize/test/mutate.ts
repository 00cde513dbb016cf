/**
 * A small mutation fuzzer for the file readers' tests: fast-check arbitraries of edits to a valid
 * file as a user, a tool or an attacker might make them (bytes flipped, the file cut, a range
 * deleted or repeated, a number replaced by an awkward one), seeded so that a run is repeatable.
 * Number tokens near the start of a file are picked more often: that is where formats keep their
 * counts and sizes (a header, `sizes`, `layer_sizes`), the numbers that allocations follow.
 */
import fc from 'fast-check';

/** Numbers a hand, a newer writer or an attacker may put where a file has one. */
const AWKWARD = ['0', '-1', '-0', '1.5', '2', '1e309', '-1e309', '1e-400', '4294967296', '4294967295', '2147483648', '9007199254740993', '1e20', 'NaN', 'null', '""', '[]', '{}', '['.repeat(2000), `${'['.repeat(100_000)}${']'.repeat(100_000)}`];

/** One edit of a file's bytes, as a function of them. */
export type Mutation = (bytes: Uint8Array) => Uint8Array;

const at = (fraction: number, length: number) => Math.min(length, Math.floor(fraction * length));
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const flipBytes = fc.array(fc.tuple(unit, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips): Mutation => (bytes) => {
  const out = bytes.slice();
  for (const [where, flip] of flips) if (out.length > 0) out[at(where, out.length - 1)] ^= flip;
  return out;
});

const truncate = unit.map((where): Mutation => (bytes) => bytes.slice(0, at(where, bytes.length)));

const deleteRange = fc.tuple(unit, fc.integer({ min: 1, max: 40 })).map(([where, length]): Mutation => (bytes) => {
  const start = at(where, bytes.length);
  return concat(bytes.subarray(0, start), bytes.subarray(start + length));
});

const repeatRange = fc.tuple(unit, fc.integer({ min: 1, max: 40 })).map(([where, length]): Mutation => (bytes) => {
  const start = at(where, bytes.length);
  return concat(bytes.subarray(0, start + length), bytes.subarray(start));
});

const replaceNumber = fc.tuple(unit, fc.constantFrom(...AWKWARD)).map(([where, value]): Mutation => (bytes) => {
  const text = new TextDecoder('latin1').decode(bytes);
  const tokens = [...text.matchAll(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)];
  if (tokens.length === 0) return bytes;
  const token = tokens[Math.floor(where ** 3 * tokens.length)]; // early tokens more often
  return latin1(text.slice(0, token.index) + value + text.slice(token.index + token[0].length));
});

/** One to three edits in a row. */
export const arbitraryMutations: fc.Arbitrary<Mutation[]> = fc.array(fc.oneof(flipBytes, truncate, deleteRange, repeatRange, replaceNumber, replaceNumber), { minLength: 1, maxLength: 3 });

/** The bytes after each mutation in turn. */
export function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  return mutations.reduce((current, mutation) => mutation(current), bytes);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
