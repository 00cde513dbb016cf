/**
 * Reading a CSV in the page, enough to show its columns and pick rows: a header row of names,
 * then records; fields may be quoted ("a, b", "say ""hi"""), lines end in \n or \r\n, blank lines
 * are skipped. The server reads the file again, strictly, when training; its errors are the ones
 * shown to the user.
 */
import { formatNumber, POINT_FORMAT, pointText, type CsvFormat } from './csv-format.js';

export interface Table {
  columns: string[];
  /** Cells as text, one array per record. */
  rows: string[][];
}

export function parseCsv(text: string, delimiter = ','): Table {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endRecord = () => {
    record.push(field);
    if (record.length > 1 || record[0] !== '') records.push(record);
    record = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n') endRecord();
    else if (c !== '\r') field += c;
  }
  if (field !== '' || record.length > 0) endRecord();
  const [columns = [], ...rows] = records;
  return { columns: columns.map((c) => c.trim()), rows };
}

/** A cell as the API takes it: a number when it reads as one, else the text. */
export function cellValue(text: string): string | number {
  const t = text.trim();
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}

/** A number cell of a file in `format` as a number: NaN when it is not one (an empty cell is NaN, not 0). */
export function numberIn(cell: string, format: CsvFormat): number {
  try {
    const value = cellValue(pointText(cell, format));
    return typeof value === 'number' ? value : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * One record keyed by column name, limited to `columns`, its numbers read in the file's `format`
 * (a cell the format cannot read stays text, for the form to show as it is).
 */
export function recordOf(table: Table, row: number, columns: readonly string[], format: CsvFormat = POINT_FORMAT): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const name of columns) {
    const c = table.columns.indexOf(name);
    if (c < 0) continue;
    const cell = table.rows[row][c] ?? '';
    try {
      out[name] = cellValue(pointText(cell, format));
    } catch {
      out[name] = cell.trim();
    }
  }
  return out;
}

/**
 * Text for a CSV file in `format`: numbers with its decimal mark, fields with its delimiter, a
 * quote or a line break quoted.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>, format: CsvFormat = POINT_FORMAT): string {
  const field = (v: string | number) => {
    const t = typeof v === 'number' ? formatNumber(v, format) : v;
    return t.includes(format.delimiter) || /["\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return `${rows.map((r) => r.map(field).join(format.delimiter)).join('\n')}\n`;
}
