/** How `bpnn train` reports a finished training: for people (lines) and scripts (JSON). */
import { matrixWithMissing, rawInputNames, type Dataset, type FitResult, type MatrixDataset, type Model } from '@bpnn/core';

/** The facts of a trained model and its run, as plain JSON. */
export function trainJson(model: Model, result: FitResult, rows: number): Record<string, unknown> {
  const net = model.network;
  return {
    task: model.task,
    layers: net.layers,
    activations: net.config().activations,
    loss: net.loss.name,
    dtype: net.dtype,
    parameters: net.parameterCount,
    labels: model.labels ?? null,
    rows,
    epochs: result.epochs,
    stoppedBy: result.stoppedBy,
    bestEpoch: result.bestEpoch,
    finalLoss: result.loss,
    finalValLoss: result.valLoss ?? null,
    seconds: result.seconds,
    history: result.history.map((h) => ({ epoch: h.epoch, loss: h.loss, valLoss: h.valLoss ?? null, valAccuracy: h.valAccuracy ?? null })),
  };
}

/** The network, why training stopped and which epoch's weights the model holds, and its scores. */
export function summaryLines(model: Model, result: FitResult, patience: number | undefined): string[] {
  const net = model.network;
  const chosen = result.history[result.bestEpoch - 1];
  const scores = [`loss ${result.loss.toFixed(4)}`];
  if (chosen?.valLoss !== undefined) scores.push(`val loss ${chosen.valLoss.toFixed(4)}`);
  if (chosen?.valAccuracy !== undefined) scores.push(`val accuracy ${chosen.valAccuracy.toFixed(4)}`);
  return [
    `network ${net.layers.join('-')} (${net.activations.map((a) => a.name).join(', ')}; ${net.loss.name}), ${net.parameterCount} parameters, ${net.dtype}, ${model.task}${model.labels ? ` of ${model.labels.length} classes` : ''}`,
    stopLine(result, patience),
    `the model's epoch ${result.bestEpoch}: ${scores.join(', ')} (${result.epochs} epochs in ${result.seconds.toFixed(2)} s)`,
  ];
}

/** Why training stopped, and whose weights the model holds: the best epoch's or the last one's. */
export function stopLine(result: FitResult, patience: number | undefined): string {
  const early = patience !== undefined;
  const best = result.history[result.bestEpoch - 1];
  const bestLoss = best === undefined ? '' : `${best.valLoss !== undefined ? 'val loss' : 'loss'} ${(best.valLoss ?? best.loss).toFixed(4)}`;
  switch (result.stoppedBy) {
    case 'early-stopping':
      return `stopped early at epoch ${result.epochs}: no improvement in ${patience} epochs; restored the best weights, from epoch ${result.bestEpoch} (${bestLoss})`;
    case 'target-loss':
      return `stopped at epoch ${result.epochs}: the training loss reached --target-loss`;
    case 'bit-fail':
      return `stopped at epoch ${result.epochs}: the training set's bit fail reached --bit-fail`;
    case 'aborted':
      return early
        ? `interrupted (Ctrl-C) after ${result.epochs} complete epochs; with early stopping, restored the best weights, from epoch ${result.bestEpoch} (${bestLoss})`
        : `interrupted (Ctrl-C) after ${result.epochs} complete epochs; kept the weights at the stop: those of epoch ${result.bestEpoch}, the last complete one (no early stopping, so no best epoch was kept)`;
    default:
      return early
        ? `ran all ${result.epochs} epochs; restored the best weights, from epoch ${result.bestEpoch} (${bestLoss})`
        : `ran all ${result.epochs} epochs; the model holds the last epoch's weights`;
  }
}

/**
 * How many features a data set has, and which are categories: "7 features (island: 3 categories,
 * sex: 2, each as one 0/1 input per category)" counts the network's inputs.
 */
export function featuresOf(data: Pick<Dataset, 'inputNames' | 'categorical'>): string {
  const n = data.inputNames.length;
  const categorical = data.categorical ?? [];
  if (categorical.length === 0) return `${n} feature${n === 1 ? '' : 's'}`;
  const listed = categorical.map((c, i) => `${c.name}: ${c.categories.length}${i === 0 ? ` categor${c.categories.length === 1 ? 'y' : 'ies'}` : ''}`).join(', ');
  return `${n} inputs (${listed}, each as one 0/1 input per category)`;
}

/**
 * The missing values of a data set's inputs, by column (a column of categories counted once per
 * row): "age 80, embarked 2", or undefined when there are none.
 */
export function missingSummary(data: Pick<Dataset | MatrixDataset, 'inputNames' | 'inputs' | 'categorical'>): string | undefined {
  const x = matrixWithMissing(data.inputs, 'inputs');
  const columns = rawInputNames(data.inputNames, data.categorical ?? []);
  // Each input's column: a categorical column's 0/1 inputs all count for it.
  const owner = data.inputNames.map((name) => {
    const column = (data.categorical ?? []).find((c) => c.categories.some((k) => `${c.name}=${k}` === name));
    return columns.indexOf(column?.name ?? name);
  });
  const counts = new Array<number>(columns.length).fill(0);
  const { data: values, cols } = x;
  for (let r = 0; r < x.rows; r++) {
    let last = -1;
    for (let c = 0; c < cols; c++) {
      if (values[r * cols + c] !== values[r * cols + c] && owner[c] !== last) {
        counts[owner[c]]++;
        last = owner[c];
      }
    }
  }
  const listed = columns.map((name, k) => [name, counts[k]] as const).filter(([, n]) => n > 0);
  return listed.length === 0 ? undefined : listed.map(([name, n]) => `${name} ${n}`).join(', ');
}
