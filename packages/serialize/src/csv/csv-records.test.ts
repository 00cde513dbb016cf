import { BpnnError, DataError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv.js';
import { readCsvInputs } from './csv-inputs.js';

/** Chunks of a CSV, then the failure of the input itself (a read error, say). */
async function* failing(error: Error) {
  yield 'x,y\n1,a\n';
  await new Promise((r) => setTimeout(r, 1));
  throw error;
}

describe('CSV input that fails while it is read', () => {
  it('rejects with the input\'s own error when it is a bpnn error, and never crashes the process', async () => {
    class ReadFailure extends BpnnError {}
    await expect(readCsvDataset(failing(new ReadFailure('cannot read data.csv: it is a directory')), { target: 'y' })).rejects.toThrow(ReadFailure);
    await expect(readCsvInputs(failing(new ReadFailure('gone')), { inputNames: ['x'], ignore: ['y'] })).rejects.toThrow('gone');
  });

  it('rejects with a DataError naming the source and keeping the message for any other error (reading failed: not bad CSV)', async () => {
    const run = readCsvDataset(failing(new Error('EIO')), { target: 'y', source: 'data.csv' });
    await expect(run).rejects.toThrow(DataError);
    await expect(readCsvDataset(failing(new Error('EIO')), { target: 'y', source: 'data.csv' })).rejects.toThrow(/^data\.csv could not be read: EIO$/);
  });

  it('still reports a bad value as a DataError', async () => {
    await expect(readCsvDataset('x,y\n1,a\none,a\n', { target: 'y', source: 'd.csv' })).rejects.toThrow(DataError);
  });
});
