import fc from 'fast-check';
import { parse } from 'csv-parse/browser/esm/sync';
import { describe, expect, it } from 'vitest';
import { csvBatches } from './csv-batches.js';
import { csvRecords } from './csv-records.js';

/** Every record with its line, read from the input in the given pieces. */
async function records(pieces: (string | Uint8Array)[]) {
  const out: { record: string[]; line: number }[] = [];
  async function* chunks() {
    yield* pieces;
  }
  for await (const r of csvRecords(chunks(), 'd.csv')) out.push(r);
  return out;
}

/** `text` cut at the given places, as strings or as UTF-8 bytes. */
function cut(text: string, at: number[], bytes: boolean): (string | Uint8Array)[] {
  const whole = bytes ? new TextEncoder().encode(text) : text;
  const points = [...new Set(at.map((p) => p % (whole.length + 1)))].sort((a, b) => a - b);
  return [0, ...points].map((from, i) => whole.slice(from, [...points, whole.length][i]));
}

describe('CSV in batches of whole records', () => {
  it('cuts only after a line break outside quotes, and counts the lines', async () => {
    const batches = [];
    for await (const b of csvBatches(['a,b\n1,"x\n', 'y"\n2,', '"z""\n"\n3,4'])) batches.push(b);
    expect(batches).toEqual([
      { text: 'a,b\n', lines: 1 },
      { text: '1,"x\ny"\n', lines: 2 },
      { text: '2,"z""\n"\n', lines: 2 },
      { text: '3,4', lines: 0 },
    ]);
  });

  it('gives the records csv-parse gives for the whole text, and the lines they start on, however the input is cut', async () => {
    // A quoted line break only in "\n" files: csv-parse counts a quoted "\r\n" as two lines.
    const text = fc.constantFrom('\n', '\r\n').chain((eol) => {
      const quotedBreak = eol === '\n' ? ['"x\ny"'] : [];
      const cell = fc.oneof(fc.constantFrom('1', '-2.5', 'é', '"a,b"', '"say ""hi"""', '', ...quotedBreak), fc.string({ maxLength: 3 }).map((s) => s.replace(/[",\r\n]/g, '')));
      const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
      return fc.tuple(fc.array(row, { minLength: 1, maxLength: 8 }), fc.boolean()).map(([rows, last]) => rows.join(eol) + (last ? eol : ''));
    });
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), async (csv, at, bytes) => {
        // A record's line is the one it starts on: csv-parse's line at its end, less the line breaks of its raw text (empty lines before it and its own line break dropped).
        const reference = (parse(csv, { info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; raw: string; info: { lines: number } }[])
          .map(({ record, raw, info }) => ({ record, line: info.lines - (raw.replace(/\r/g, '').replace(/^\n+/, '').replace(/\n$/, '').split('\n').length - 1) }));
        expect(await records(cut(csv, at, bytes))).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('names the line of the file, not of the batch, and the field from 1, in an error of quotes', async () => {
    await expect(records(['x,y\n1,2\n', '3,4\n5,"6\n'])).rejects.toThrow(/^d\.csv line 4, field 2: the quote that opens this field, "\\"6", is never closed, /);
    await expect(records(['x,y\n1,2\n', '3,4\n5,6"7\n'])).rejects.toThrow(/^d\.csv line 4, field 2: a quote inside a field that does not start with one, in "6\\"7"; /);
  });
});
