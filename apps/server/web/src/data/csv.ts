/**
 * Reading a CSV in the page, enough to show its columns and pick rows: a header row of names,
 * then records; fields may be quoted ("a, b", "say ""hi"""), lines end in \n or \r\n, blank lines
 * are skipped. The server reads the file again, strictly, when training; its errors are the ones
 * shown to the user.
 */
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

/** One record keyed by column name, limited to `columns`. */
export function recordOf(table: Table, row: number, columns: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const name of columns) {
    const c = table.columns.indexOf(name);
    if (c >= 0) out[name] = cellValue(table.rows[row][c] ?? '');
  }
  return out;
}

/** Text for a CSV file: fields with a delimiter, quote or line break are quoted. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const field = (v: string | number) => {
    const t = String(v);
    return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return `${rows.map((r) => r.map(field).join(',')).join('\n')}\n`;
}
