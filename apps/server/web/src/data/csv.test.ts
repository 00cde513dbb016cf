import { describe, expect, it } from 'vitest';
import { cellValue, parseCsv, recordOf, toCsv } from './csv.js';

describe("the page's CSV reading", () => {
  it('reads a header and records: quoted fields, doubled quotes, CRLF, blank lines', () => {
    const table = parseCsv('name,"note, long",x\r\n"a ""b""","1,2",3\r\n\r\nc,,4.5\r\n');
    expect(table.columns).toEqual(['name', 'note, long', 'x']);
    expect(table.rows).toEqual([['a "b"', '1,2', '3'], ['c', '', '4.5']]);
    expect(recordOf(table, 1, ['x', 'name', 'missing'])).toEqual({ x: 4.5, name: 'c' });
  });

  it('reads back what it writes', () => {
    const rows = [['label', 'p(a, b)'], ['say "hi"', 0.25], ['line\nbreak', -1e-9]];
    const table = parseCsv(toCsv(rows));
    expect([table.columns, ...table.rows]).toEqual(rows.map((r) => r.map(String)));
  });

  it('turns cells into numbers only when the whole cell is one', () => {
    expect([cellValue(' 5.1 '), cellValue('1e-3'), cellValue('setosa'), cellValue(''), cellValue('3 cm')]).toEqual([5.1, 0.001, 'setosa', '', '3 cm']);
  });
});
