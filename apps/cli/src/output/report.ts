/** Evaluation reports for people (text tables) and for scripts (plain JSON). */
import type { ClassificationReport, Evaluation, Model } from '@bpnn/core';
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
  const weighted = ['weighted avg', fixed(report.weighted.precision), fixed(report.weighted.recall), fixed(report.weighted.f1), String(report.weighted.support)];
  return table([header, ...rows, macro, weighted], { numeric: [1, 2, 3, 4], indent: '  ' });
}

/** The lines of an evaluation: accuracy, confusion matrix and per-class scores, or MSE/MAE/R². */
export function evaluationLines(evaluation: Evaluation, model: Model): string[] {
  if (evaluation.task === 'classification') {
    const total = evaluation.macro.support;
    const correct = evaluation.confusion.counts.reduce((sum, row, i) => sum + row[i], 0);
    return [
      `accuracy: ${fixed(evaluation.accuracy)} (${correct} of ${total})`,
      `confusion matrix (rows: actual ${model.targetNames[0]}, columns: predicted):`,
      confusionTable(evaluation),
      'per class:',
      classScoresTable(evaluation),
    ];
  }
  const units = model.targetNames.length === 1 ? ` (in the units of ${model.targetNames[0]})` : ` (averaged over ${model.targetNames.join(', ')})`;
  return [
    `mse: ${evaluation.mse.toPrecision(6)}${units}`,
    `rmse: ${Math.sqrt(evaluation.mse).toPrecision(6)}`,
    `mae: ${evaluation.mae.toPrecision(6)}`,
    `r2: ${evaluation.r2.toFixed(4)}`,
  ];
}

/** An evaluation as plain JSON. */
export function evaluationJson(evaluation: Evaluation): Record<string, unknown> {
  if (evaluation.task === 'classification') {
    const { task, accuracy, classes, macro, weighted, confusion } = evaluation;
    return { task, accuracy, classes, macro, weighted, confusion };
  }
  const { task, mse, mae, r2 } = evaluation;
  return { task, mse, rmse: Math.sqrt(mse), mae, r2 };
}
