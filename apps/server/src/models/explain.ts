/**
 * One sample's forward and backward pass, for POST /v1/models/:name/explain (the page's
 * "Understand" panel, and `bpnn explain --json` over HTTP): for the sample's scaled inputs and
 * encoded target (model.encode), core's `network.explain` gives every neuron's z, activation a
 * and residual δ = ∂J/∂z, and ∂J/∂W; the largest weight gradients come with the a_i and δ_j whose
 * product a_i·δ_j each one is.
 */
import { DataError, explainedLayers, largestWeightGradients, show, type Model } from '@bpnn/core';
import * as z from 'zod';

export const MAX_TOP = 100;

export const explainSchema = z.strictObject({
  row: z.record(z.string(), z.unknown()).describe("One sample keyed by column name: the model's input columns (numbers) and its target column(s), a class label or numbers."),
  top: z.number().int().min(0).max(MAX_TOP).optional().describe('How many of the largest weight gradients to list, default 10.'),
});
export type ExplainRequest = z.infer<typeof explainSchema>;

/** The target cells of a record: a label (as text) for a classifier, numbers for regression. */
function targetsOf(model: Model, row: Record<string, unknown>): Array<string | number> {
  return model.targetNames.map((name) => {
    if (!Object.hasOwn(row, name)) throw new DataError(`row is missing the target column ${show(name)} (the residuals δ need the answer the network should give)`);
    const value = row[name];
    if (model.task === 'classification') {
      if (typeof value !== 'string' && typeof value !== 'number') throw new DataError(`row column ${show(name)} must be a class label, got ${show(value)}`);
      const label = String(value);
      if (!model.labels!.includes(label)) throw new DataError(`row column ${show(name)} must be one of ${model.labels!.map((l) => show(l)).join(', ')}, got ${show(value)}`);
      return label;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new DataError(`row column ${show(name)} must be a finite number, got ${show(value)}`);
    return value;
  });
}

/** The sentence that says how this network's output residual is computed. */
export function outputRule(model: Model): string {
  const out = model.network.activations[model.network.activations.length - 1].name;
  const loss = model.network.loss.name;
  const shortcut = (out === 'softmax' && loss === 'categorical-cross-entropy') || (out === 'sigmoid' && loss === 'binary-cross-entropy') || (out === 'linear' && loss === 'mse');
  return shortcut ? `δ_j = a_j − y_j (${out} output with ${loss})` : `δ_j = f′(z_j)·∂cost/∂a_j (${out} output with ${loss})`;
}

/** The explanation of one record, as JSON: the shape `bpnn explain --json` prints, plus the prediction. */
export function explainRecord(model: Model, request: ExplainRequest) {
  const inputs = model.inputsFromRecords([request.row]);
  const target = targetsOf(model, request.row);
  const encoded = model.encode({ inputNames: model.inputNames, inputs, targetNames: model.targetNames, targets: [target] });
  const net = model.network;
  const e = net.explain(encoded.inputs.row(0), encoded.targets.row(0));
  const prediction = model.predict(inputs);
  return {
    input: Object.fromEntries(model.inputNames.map((name, c) => [name, inputs.get(0, c)])),
    target: Object.fromEntries(model.targetNames.map((name, c) => [name, target[c]])),
    encodedTarget: Array.from(encoded.targets.row(0)),
    prediction: prediction.task === 'classification' ? { label: prediction.labels[0], outputs: Array.from(prediction.probabilities.row(0)) } : { outputs: Array.from(prediction.values.row(0)) },
    cost: e.cost,
    loss: net.loss.name,
    outputRule: outputRule(model),
    layers: explainedLayers(net, e),
    topGradients: largestWeightGradients(e, request.top ?? 10),
  };
}
