/** Evaluation reports for people: a confusion matrix and per-class scores as text tables. */
import type { ClassificationReport } from '@bpnn/core';
import { fixed, table } from './table.js';

export function confusionTable(report: ClassificationReport): string {
  const { labels, counts } = report.confusion;
  const header = ['actual \\ predicted', ...labels];
  const rows = labels.map((label, i) => [label, ...counts[i].map(String)]);
  return table([header, ...rows], { numeric: labels.map((_, i) => i + 1), indent: '  ' });
}

export function classScoresTable(report: ClassificationReport): string {
  const header = ['class', 'precision', 'recall', 'f1', 'support'];
  const rows = report.classes.map((c) => [c.label, fixed(c.precision), fixed(c.recall), fixed(c.f1), String(c.support)]);
  const macro = ['macro avg', fixed(report.macro.precision), fixed(report.macro.recall), fixed(report.macro.f1), String(report.macro.support)];
  return table([header, ...rows, macro], { numeric: [1, 2, 3, 4], indent: '  ' });
}
