import { ConfigError, FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvBlocks, readCsvCategories } from './csv-blocks.js';
import { readCsvColumns } from './csv-columns.js';
import { readCsvInputs } from './csv-inputs.js';
import { readCsvDataset } from './csv.js';
import { MAX_RECORD_BYTES } from './record-limit.js';

/** A file whose line 4 opens a quote that is never closed, followed by lines without end: it must be refused, not read to its end. */
function endless(asText: boolean, pulled: { chunks: number }) {
  const encoder = new TextEncoder();
  return (async function* () {
    const head = 'x,y\n1,a\n2,b\n3,"never closed\n';
    yield asText ? head : encoder.encode(head);
    for (;;) {
      pulled.chunks++;
      const line = `${pulled.chunks},c\n`.repeat(4);
      yield asText ? line : encoder.encode(line);
    }
  })();
}

const want = (limit: string) => new FormatError(`d.csv line 4: the record that starts here is over ${limit}, the most one record may hold (maxRecordBytes); a quote that is never closed makes the rest of the file one record: look for an unpaired " from this line on`);

describe('maxRecordBytes', () => {
  it('refuses a record past the limit at once, naming the line where it starts, as bytes, as text and in another encoding', async () => {
    for (const [asText, encoding] of [[false, 'utf-8'], [true, 'utf-8'], [false, 'windows-1252']] as const) {
      const pulled = { chunks: 0 };
      await expect(readCsvDataset(endless(asText, pulled), { target: 'y', source: 'd.csv', encoding, maxRecordBytes: 1000 })).rejects.toThrow(want('1000 bytes'));
      // About 1000 / 16 chunks of 16 bytes past the quote: the rest of the (endless) input is never asked for.
      expect(pulled.chunks).toBeGreaterThan(50);
      expect(pulled.chunks).toBeLessThan(80);
    }
  });

  it('is taken by every reader', async () => {
    const options = { target: 'y', source: 'd.csv', maxRecordBytes: 512 };
    await expect(readCsvColumns(endless(false, { chunks: 0 }), options)).rejects.toThrow(want('512 bytes'));
    await expect(readCsvCategories(endless(false, { chunks: 0 }), options)).rejects.toThrow(want('512 bytes'));
    await expect(readCsvBlocks(endless(false, { chunks: 0 }), options, () => {})).rejects.toThrow(want('512 bytes'));
    await expect(readCsvInputs(endless(true, { chunks: 0 }), { inputNames: ['x'], ignore: ['y'], source: 'd.csv', maxRecordBytes: 512 })).rejects.toThrow(want('512 bytes'));
  });

  it('reads records up to the limit, a quoted field of many lines too, and says 256 MiB by default', async () => {
    const cell = 'word '.repeat(30).trim(); // 149 characters, in a quoted field of 3 lines
    const csv = `x,y\n1,"${cell}\n${cell}\n${cell}"\n2,b\n`;
    const chunks = (async function* () {
      for (let at = 0; at < csv.length; at += 10) yield new TextEncoder().encode(csv.slice(at, at + 10));
    })();
    const data = await readCsvDataset(chunks, { target: 'y', maxRecordBytes: 460 }); // the record is 454 bytes
    const again = (async function* () {
      for (let at = 0; at < csv.length; at += 10) yield csv.slice(at, at + 10);
    })();
    await expect(readCsvDataset(again, { target: 'y', source: 'd.csv', maxRecordBytes: 400 })).rejects.toThrow('d.csv line 2: the record that starts here is over 400 bytes');
    expect(data.targets).toEqual([[`${cell}\n${cell}\n${cell}`], ['b']]);
    expect(MAX_RECORD_BYTES).toBe(268435456);
    await expect(readCsvDataset(endless(true, { chunks: 0 }), { target: 'y', source: 'd.csv', maxRecordBytes: 1024 * 1024 })).rejects.toThrow(want('1 MiB'));
  });

  it('must be a whole number of bytes ≥ 1', async () => {
    await expect(readCsvDataset('x,y\n1,a\n', { target: 'y', maxRecordBytes: 0 })).rejects.toThrow(
      new ConfigError('maxRecordBytes', `must be a whole number of bytes ≥ 1 (the most one record may hold; default 268435456, 256 MiB), got 0`),
    );
  });
});
