import { describe, expect, it } from 'vitest';
import { cellValue, numberIn, parseCsv, recordOf, toCsv } from './csv.js';
import { pointText, POINT_FORMAT } from './csv-format.js';

const COMMA = { delimiter: ';', decimal: ',' } as const;
const GROUPED = { delimiter: ';', decimal: ',', thousands: '.' } as const;

describe("a CSV format's number cells in the page", () => {
  it('reads decimal commas as the server does (serialize/decimal-comma.ts)', () => {
    expect(['5,1', '-0,25', '1,5e3', ',5', ' 7 ', 'setosa', ''].map((c) => cellValue(pointText(c, COMMA)))).toEqual([5.1, -0.25, 1500, 0.5, 7, 'setosa', '']);
    expect(cellValue(pointText('1.234,5', GROUPED))).toBe(1234.5);
    expect(cellValue(pointText('1.234.567', GROUPED))).toBe(1234567);
  });

  it('refuses a point the format does not take, saying which choice reads it', () => {
    expect(() => pointText('1.5', COMMA)).toThrow('"1.5" has a point, but the file is read with decimal mark ","; if the file writes numbers with a decimal point, choose decimal mark "."');
    expect(() => pointText('1.234,5', COMMA)).toThrow(/has a point/);
    expect(() => pointText('1.5', GROUPED)).toThrow(/decimal mark "," and thousands separator "\."/);
    // With decimal ".", every cell is as it was, but a number written with a comma.
    expect(['5.1', '1e3', 'a,b', '1,2,3'].map((c) => pointText(c, POINT_FORMAT))).toEqual(['5.1', '1e3', 'a,b', '1,2,3']);
    expect(() => pointText(' 5,1', POINT_FORMAT)).toThrow('"5,1" is a number written with a comma, but the file is read with decimal mark "."; if the comma is a decimal comma, choose the decimal mark ","');
  });

  it('fills a record and reads a number, leaving what the format cannot read as text', () => {
    const table = parseCsv('a;b;y\r\n5,1;1.5;x\r\n', ';');
    expect(recordOf(table, 0, ['a', 'b', 'y'], COMMA)).toEqual({ a: 5.1, b: '1.5', y: 'x' });
    expect([numberIn('5,1', COMMA), numberIn('', COMMA), numberIn('x', COMMA)]).toEqual([5.1, NaN, NaN]);
  });

  it('writes a file in the format it was read in, and reads it back', () => {
    const rows = [['a;b', 'p'], ['x', 0.25], ['y', -1.5]];
    const text = toCsv(rows, COMMA);
    expect(text).toBe('"a;b";p\nx;0,25\ny;-1,5\n');
    const back = parseCsv(text, ';');
    expect(back.rows.map((r) => cellValue(pointText(r[1], COMMA)))).toEqual([0.25, -1.5]);
  });
});
