/** Writing CSV: fields quoted when they must be, data sets with their header. */
import { categoryColumn, matrixWithMissing, rawInputNames, type Dataset } from '@bpnn/core';

/** A CSV field, quoted when it holds a delimiter, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A data set as CSV: the input columns, then the targets; numbers as the shortest exact text, and
 * a categorical column as it was read: one column of categories in place of its 0/1 inputs.
 */
export function datasetCsv(data: Dataset): string {
  const x = matrixWithMissing(data.inputs, 'inputs'); // missing values (NaN) go along, for a training that fills them
  const categorical = data.categorical ?? [];
  const lines = [[...rawInputNames(data.inputNames, categorical), ...data.targetNames].map(csvField).join(',')];
  // Per raw column: the input it starts at and, for a categorical one, its categories.
  const starts = new Map(categorical.map((c) => [data.inputNames.indexOf(categoryColumn(c.name, c.categories[0])), c.categories]));
  for (let r = 0; r < x.rows; r++) {
    const row = x.row(r);
    const cells: string[] = [];
    for (let c = 0; c < row.length; c++) {
      const categories = starts.get(c);
      // A missing value (NaN) is an empty cell, which a model that fills missing values reads back.
      if (categories === undefined) cells.push(Number.isNaN(row[c]) ? '' : String(row[c]));
      else {
        const k = row.subarray(c, c + categories.length).indexOf(1);
        cells.push(k < 0 ? '' : csvField(categories[k]));
        c += categories.length - 1;
      }
    }
    lines.push([...cells, ...data.targets[r].map((t) => csvField(String(t)))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

