/** Writing CSV: fields quoted when they must be, data sets with their header. */
import { Matrix, type Dataset } from '@bpnn/core';

/** A CSV field, quoted when it holds a delimiter, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A data set as CSV: the input columns, then the targets; numbers as the shortest exact text. */
export function datasetCsv(data: Dataset): string {
  const x = Matrix.from(data.inputs, 'inputs');
  const lines = [[...data.inputNames, ...data.targetNames].map(csvField).join(',')];
  for (let r = 0; r < x.rows; r++) lines.push([...Array.from(x.row(r), String), ...data.targets[r].map((t) => csvField(String(t)))].join(','));
  return `${lines.join('\n')}\n`;
}

