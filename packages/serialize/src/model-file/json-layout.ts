/**
 * JSON laid out for people and for line-based diffs: objects one member per line, and an array
 * of plain values (a weight row, the column names) on one line, so that a matrix reads as rows.
 * Numbers are written so that they read back as the same double, −0 included (JSON.stringify
 * writes −0 as 0, which would change a weight's bits and so the file's checksum).
 */
export function layoutJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.every((item) => item === null || typeof item !== 'object')) return `[${value.map((item) => layoutJson(item)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${value.map((item) => inner + layoutJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layoutJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}
