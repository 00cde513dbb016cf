/**
 * JSON laid out for people and for line-based diffs: objects one member per line, and an array
 * of plain values (a weight row, the column names) on one line, so that a matrix reads as rows.
 */
export function layoutJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.every((item) => item === null || typeof item !== 'object')) return JSON.stringify(value);
    const inner = indent + '  ';
    return `[\n${value.map((item) => inner + layoutJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layoutJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
