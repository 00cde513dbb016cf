import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.js';
import { QUOTED_LENGTH, quoted, quotedInMessage } from './quoted.js';

describe('quoted', () => {
  it('quotes a short value as JSON does', () => {
    expect(quoted('sepal "length"')).toBe(JSON.stringify('sepal "length"'));
    expect(quoted('x'.repeat(QUOTED_LENGTH))).toBe(`"${'x'.repeat(QUOTED_LENGTH)}"`);
  });

  it('cuts a long value to 40 characters between the quotes, escapes counted, with an ellipsis and its length', () => {
    expect(quoted('y'.repeat(5000))).toBe(`"${'y'.repeat(40)}"… (5000 characters)`);
    expect(quoted('\u0000'.repeat(100))).toBe(`"${'\\u0000'.repeat(6)}"… (100 characters)`); // 6 × 6 = 36 ≤ 40 < 42
    expect(quoted('😀'.repeat(50))).toBe(`"${'😀'.repeat(20)}"… (50 characters)`); // 2 UTF-16 units each, never split
  });

  it("cuts the value in csv-parse's message", () => {
    expect(quotedInMessage(`Invalid Opening Quote: a quote is found on field 0 at line 1, value is ${JSON.stringify('z'.repeat(900))}`)).toBe(
      `Invalid Opening Quote: a quote is found on field 0 at line 1, value is "${'z'.repeat(40)}"… (900 characters)`,
    );
  });

  it('a binary file read as CSV is an error of one short line', async () => {
    // Bytes of an executable: no comma or line break in the first 900, then a quote inside the field.
    const bytes = new Uint8Array(4000).map((_, i) => [0x00, 0x01, 0x7f, 0x45, 0x4c, 0x46, 0xff, 0x3e][i % 8]);
    bytes[900] = 0x22;
    const error = await readCsvDataset(bytes, { target: 'y', source: 'bin.csv' }).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/^bin\.csv line 1, field 1: byte 0xFF in "\\u0000\\u0001.ELF\\xFF>.*" is not UTF-8; the bytes hold NUL bytes: the file looks binary, not CSV text$/);
    expect(error!.message.length).toBeLessThan(200);
    expect(error!.message).not.toContain('\n');
  });
});
