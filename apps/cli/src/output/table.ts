/** Plain-text tables for the terminal: columns padded to their widest cell. */

export interface TableOptions {
  /** Right-align these columns (numbers); the rest are left-aligned. */
  numeric?: readonly number[];
  indent?: string;
}

export function table(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, cell.length)));
  const numeric = new Set(options.numeric ?? []);
  return rows
    .map((row) => (options.indent ?? '') + row.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd())
    .join('\n');
}

export function fixed(value: number | undefined, digits = 4): string {
  return value === undefined ? '-' : value.toFixed(digits);
}
