import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from './utf8.js';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** Bytes near the edges of UTF-8: ASCII, continuation bytes, every kind of lead byte, and whole characters. */
const bytes = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xff }).map((b) => [b]),
      fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f, 0x90).map((b) => [b]),
      fc.string({ unit: 'grapheme', maxLength: 3 }).map((s) => Array.from(new TextEncoder().encode(s))),
    ),
    { maxLength: 30 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

describe('firstInvalidUtf8, against TextDecoder (the Encoding Standard\'s UTF-8 decoder)', () => {
  it('is -1 exactly when a fatal decoder takes the bytes; else the bytes before it decode, and a lenient decoder puts U+FFFD there', () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const at = firstInvalidUtf8(input);
        let valid = true;
        try {
          fatal.decode(input);
        } catch {
          valid = false;
        }
        expect(at < 0).toBe(valid);
        if (at >= 0) {
          const before = fatal.decode(input.subarray(0, at));
          expect(lenient.decode(input).startsWith(before + '\uFFFD')).toBe(true);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('looks only at bytes[from, to): a character cut by `to` is wrong', () => {
    const euro = new TextEncoder().encode('a€b'); // 61 E2 82 AC 62
    expect(firstInvalidUtf8(euro)).toBe(-1);
    expect(firstInvalidUtf8(euro, 0, 3)).toBe(1);
    expect(firstInvalidUtf8(euro, 2)).toBe(2);
    expect(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // a surrogate, U+D800
    expect(firstInvalidUtf8(Uint8Array.of(0xf4, 0x90, 0x80, 0x80))).toBe(0); // past U+10FFFF
  });
});
