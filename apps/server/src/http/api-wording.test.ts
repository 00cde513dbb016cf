/**
 * The library's own messages, as the API words them: no command-line flag is left, the remedy
 * names the request's field, and everything else is the library's text.
 */
import { BpnnError } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { apiMessage } from './api-wording.js';

const EUROPEAN = 'length;width;y\n5,1;3,5;a\n4,9;3,0;b\n';

async function refusal(text: string, options: Parameters<typeof readCsvDataset>[1]): Promise<BpnnError> {
  const error = await readCsvDataset(text, options).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(BpnnError);
  return error as BpnnError;
}

describe('the API words the library\'s messages', () => {
  it('drops the flag of a decimal comma read without decimal ",", keeping the option', async () => {
    const error = await refusal(EUROPEAN, { target: ['y'], delimiter: ';', source: 'csv' });
    expect(error.message).toContain('--decimal , on the command line');
    const worded = apiMessage(error);
    expect(worded).toBe(error.message.replace(/ \(--decimal , on the command line[^()]*\)/, ''));
    expect(worded).toContain('read it with decimal ","');
    expect(worded).not.toMatch(/--|command line/);
  });

  it('drops the flag of a delimiter the header suggests, keeping the option', async () => {
    const error = await refusal(EUROPEAN, { target: ['y'], source: 'csv' });
    expect(error.message).toContain(', --delimiter on the command line)');
    expect(apiMessage(error)).toBe(error.message.replace(', --delimiter on the command line)', ')'));
    expect(apiMessage(error)).toContain('read the file with delimiter ";")');
  });

  it('drops the flag of thousands, keeping the option', async () => {
    const error = await refusal('x;y\n1.234,5;a\n2,5;b\n', { target: ['y'], delimiter: ';', decimal: ',', source: 'csv' });
    expect(error.message).toContain('(--thousands . on the command line)');
    expect(apiMessage(error)).toBe(error.message.replace(' (--thousands . on the command line)', ''));
  });

  it('names the request field "missing" as the remedy for a missing value', async () => {
    const error = await refusal('x,y\n1,a\n,b\n3,a\n', { target: ['y'], source: 'csv' });
    expect(error.message).toContain("missing: 'mean'");
    expect(apiMessage(error)).toBe(error.message.replace("missing: 'mean'", '"missing": "mean"'));
  });

  it('leaves a message without an aside as it is', async () => {
    const error = await refusal('x,y\n1,a\n2\n', { target: ['y'], source: 'csv' });
    expect(apiMessage(error)).toBe(error.message);
  });
});
