import fc from 'fast-check';
import { FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.js';
import { readCsvInputs } from './csv-inputs.js';

const encoder = new TextEncoder();

/** A CSV of numbers and words (some with é, some quoted over two lines), and a byte 0xE9 put between two of its characters. */
const damaged = fc
  .record({
    rows: fc.array(fc.tuple(fc.integer({ min: -999, max: 999 }), fc.constantFrom('cat', 'dé', '"a,\nb"', '"q"'), fc.constantFrom('x', 'yé')), { minLength: 1, maxLength: 12 }),
    crlf: fc.boolean(),
    cut: fc.nat(),
    sizes: fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 4 }),
  })
  .map(({ rows, crlf, cut, sizes }) => {
    const text = ['a,b,y', ...rows.map((row) => row.join(','))].join(crlf ? '\r\n' : '\n') + '\n';
    const characters = Array.from(text);
    const at = cut % (characters.length + 1);
    const before = encoder.encode(characters.slice(0, at).join(''));
    const bytes = new Uint8Array([...before, 0xe9, ...encoder.encode(characters.slice(at).join(''))]);
    const line = 1 + before.filter((b) => b === 0x0a).length;
    return { bytes, line, sizes };
  });

function* chunks(bytes: Uint8Array, sizes: number[]) {
  for (let i = 0, k = 0; i < bytes.length; k++) {
    yield bytes.slice(i, i + sizes[k % sizes.length]);
    i += sizes[k % sizes.length];
  }
}

describe('the error of a byte that is not UTF-8', () => {
  it('names the line the byte is on, whatever the chunks, on the byte path and on the text path (a delimiter of two characters)', async () => {
    await fc.assert(
      fc.asyncProperty(damaged, async ({ bytes, line, sizes }) => {
        const outcomes = [
          await readCsvDataset(chunks(bytes, sizes), { target: 'y', source: 'd.csv' }).then(() => 'read', (e: Error) => e),
          await readCsvDataset(chunks(bytes, sizes), { target: 'y', source: 'd.csv', categorical: ['b'] }).then(() => 'read', (e: Error) => e),
          await readCsvInputs(chunks(bytes, sizes), { inputNames: ['a'], ignore: ['b', 'y'], source: 'd.csv' }).then(() => 'read', (e: Error) => e),
        ];
        for (const outcome of outcomes) {
          expect(outcome).toBeInstanceOf(FormatError);
          expect((outcome as Error).message).toMatch(new RegExp(`^d\\.csv line ${line}(, (field \\d+|column "[aby]"))?: byte 0xE9 in ".*" is not UTF-8; `));
        }
        const wide = new TextDecoder().decode(bytes).includes('"') ? bytes : new TextEncoder().encode(new TextDecoder().decode(bytes).replaceAll(',', '::').replaceAll('\uFFFD', '\u0000'));
        if (wide !== bytes) {
          const at = wide.indexOf(0);
          wide[at] = 0xe9; // the byte again, at the same line
          const error = await readCsvDataset(chunks(wide, sizes), { target: 'y', source: 'd.csv', delimiter: '::' }).then(() => 'read', (e: Error) => e);
          expect((error as Error).message).toMatch(new RegExp(`^d\\.csv line ${line}: byte 0xE9 in ".*" is not UTF-8; `));
        }
      }),
      { numRuns: 400 },
    );
  });
});
