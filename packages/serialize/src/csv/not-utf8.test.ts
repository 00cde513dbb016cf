import fc from 'fast-check';
import { FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.js';
import { readCsvInputs } from './csv-inputs.js';
import { readCsvColumns } from './csv-columns.js';
import { readCsvBlocks } from './csv-blocks.js';
import { lineBreaks } from './line-breaks.js';

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
    const line = 1 + lineBreaks(before); // "\r\n", "\n", or a "\r" alone (the byte may part a "\r\n")
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

describe('a byte that is not UTF-8 in a quoted field', () => {
  // Row 5 (line 6) holds 0xE9, a Latin-1 "é", in its third column, "note"; the file is UTF-8 otherwise.
  const file = (note: string) => {
    const [before, after] = ['a,b,note,y\n1,2,x,0\n3,4,"y, z",1\n5,6,x,0\n7,8,x,1\n9,10,', ',0\n11,12,x,1\n'];
    const [head, tail] = note.split('\u00e9');
    return new Uint8Array([...encoder.encode(before + head), 0xe9, ...encoder.encode(tail + after)]);
  };
  const readers = {
    readCsvDataset: (input: Iterable<Uint8Array>) => readCsvDataset(input, { target: 'y', source: 'd.csv' }),
    readCsvColumns: (input: Iterable<Uint8Array>) => readCsvColumns(input, { target: 'y', source: 'd.csv', categorical: ['note'] }),
    readCsvBlocks: (input: Iterable<Uint8Array>) => readCsvBlocks(input, { target: 'y', source: 'd.csv', features: ['a', 'b'] }, () => {}),
    readCsvInputs: (input: Iterable<Uint8Array>) => readCsvInputs(input, { inputNames: ['a', 'b'], ignore: ['note', 'y'], source: 'd.csv' }),
  };
  const message = (shown: string) => `d.csv line 6, column "note": byte 0xE9 in ${shown} is not UTF-8; the file looks like Windows-1252`;

  it('names the file, the line, the column by its name and the value, as it does for a field not quoted, in every reader and chunking', async () => {
    for (const [name, read] of Object.entries(readers)) {
      for (const sizes of [[1e6], [1], [5, 3], [17]]) {
        const quoted = await read(chunks(file('"quoted, t\u00e9xt"'), sizes)).then(() => 'read', (e: Error) => e);
        const plain = await read(chunks(file('plain t\u00e9xt'), sizes)).then(() => 'read', (e: Error) => e);
        expect(quoted, name).toBeInstanceOf(FormatError);
        expect((quoted as Error).message, `${name} ${sizes}`).toContain(message('"quoted, t\\xE9xt"'));
        expect((plain as Error).message, `${name} ${sizes}`).toContain(message('"plain t\\xE9xt"'));
      }
    }
  });

  it('comes after the error of a row above it, as on a plain line', async () => {
    const bad = new Uint8Array([...encoder.encode('a,b,note,y\n1,2,x,0\n1,two,x,0\n3,4,"y, '), 0xe9, ...encoder.encode('",1\n')]);
    const error = await readCsvDataset(bad, { target: 'y', source: 'd.csv' }).then(() => 'read', (e: Error) => e);
    expect((error as Error).message).toMatch(/^d\.csv line 3, column "b": "two" is not a number/);
  });

  it('in the header, names its field (there are no names yet)', async () => {
    const bad = new Uint8Array([...encoder.encode('a,"T'), 0xe9, ...encoder.encode('mp",y\n1,2,3\n')]);
    const error = await readCsvDataset(bad, { target: 'y', source: 'd.csv' }).then(() => 'read', (e: Error) => e);
    expect((error as Error).message).toMatch(/^d\.csv line 1, field 2: byte 0xE9 in "T\\xE9mp" is not UTF-8; /);
  });
});
