import { readFileSync } from 'node:fs';
import { DataError, Matrix } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from '../csv/csv.js';
import { readFannData } from '../fann/fann-data.js';

const iris = readFileSync(new URL('../../../../data/iris.csv', import.meta.url));

/** The bytes in chunks of `size`, as a web ReadableStream (what a browser File's stream() gives). */
function webStream(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

describe('inputs in chunks', () => {
  it('reads a web ReadableStream, async iterable (Node, Chrome, Firefox) or only through its reader (Safari)', async () => {
    const whole = await readCsvDataset(iris, { target: 'species' });
    const viaIterator = await readCsvDataset(webStream(iris, 97), { target: 'species' });
    const stream = webStream(iris, 1000);
    const readerOnly = { getReader: () => stream.getReader() }; // no Symbol.asyncIterator
    const viaReader = await readCsvDataset(readerOnly, { target: 'species' });
    for (const read of [viaIterator, viaReader]) {
      expect(Matrix.from(read.inputs).toRows()).toEqual(Matrix.from(whole.inputs).toRows());
      expect(read.targets).toEqual(whole.targets);
    }
    expect(whole.targets).toHaveLength(150);
    const fann = new TextEncoder().encode('2 1 1\n0\n1\n1\n0\n');
    expect((await readFannData({ getReader: () => webStream(fann, 3).getReader() })).targets).toEqual([[1], [0]]);
  });

  it('names what it got when the input is none of these', async () => {
    await expect(readCsvDataset(42 as never, { target: 'y' })).rejects.toThrow(
      new DataError('the input must be a string, bytes, or chunks of them (an iterable, an async iterable or a ReadableStream), got 42'),
    );
  });
});

describe('chunks that are not text or bytes, and a source that fails', () => {
  it('a chunk that is a number is a DataError naming what a chunk must be', async () => {
    await expect(readCsvDataset((async function* () { yield 5 as never; })(), { target: 'b' })).rejects.toThrow(new DataError('chunk 0 of CSV must be a string or bytes (a Uint8Array), got 5'));
  });

  it("a source's own error is reported as reading the source failed, with its message, not as bad CSV", async () => {
    const failing = (async function* () {
      yield 'a,b\n1,';
      throw new Error('stream boom');
    })();
    await expect(readCsvDataset(failing, { target: 'b' })).rejects.toThrow(new DataError('CSV could not be read: stream boom'));
  });
});
