import { BpnnError } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { apiMessage } from '../../../src/http/api-wording.js';
import { pageWording } from './csv-format-fields.js';

/** The message the jobs route gives for `csv` read with `options`: the library's, in the API's words. */
async function libraryMessage(csv: string, options: Record<string, unknown>): Promise<string> {
  try {
    await readCsvDataset(csv, { target: 'y', source: 'csv', ...options });
  } catch (error) {
    return apiMessage(error as BpnnError);
  }
  throw new Error('the file was read');
}

describe("the library's messages about a CSV's format, in the page's words", () => {
  it('names the fields instead of the options', async () => {
    const comma = await libraryMessage('a;b;y\n5,1;1;x\n4,9;2;z\n', { delimiter: ';' });
    expect(comma).toContain('read it with decimal ","');
    expect(pageWording(comma)).toBe(comma.replace('read it with decimal ","', 'choose the decimal mark ","'));
    expect(pageWording(comma)).not.toMatch(/--|command line/);
    const grouped = await libraryMessage('a;b;y\n1.234,5;1;x\n4,9;2;z\n', { delimiter: ';', decimal: ',' });
    expect(pageWording(grouped)).toMatch(/"1\.234,5" has a point, but the file is read with decimal ","; if the point groups thousands, choose the thousands separator "\." too$/);
    const oneColumn = await libraryMessage('a;b;y\n1;2;x\n', {});
    expect(oneColumn).toContain('read the file with delimiter ";")');
    expect(pageWording(oneColumn)).toMatch(/the header is one column that holds ";": if that separates the fields, choose the delimiter ";"\)$/);
  });

  it('leaves a message about anything else to the rest of the page', async () => {
    const cell = await libraryMessage('a,b,y\n1,2,x\n3,oops,y\n', {});
    expect(pageWording(cell)).toBeUndefined();
  });
});
