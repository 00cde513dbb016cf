/** What GET /v1/models/:name says about a model: its architecture, columns, labels and training. */
import type { StoredModel } from '../store/model-store.js';

export function modelSummary(entry: StoredModel) {
  const { model } = entry;
  return {
    name: entry.name,
    task: model.task,
    layers: [...model.network.layers],
    inputs: [...model.inputNames],
    columns: model.inputColumns,
    categorical: model.categorical.map(({ name, categories }) => ({ name, categories: [...categories] })),
    labels: model.labels ? [...model.labels] : null,
    updatedAt: entry.updatedAt,
  };
}

export function modelDetails(entry: StoredModel) {
  const { model } = entry;
  const config = model.network.config();
  return {
    ...modelSummary(entry),
    activations: config.activations,
    loss: config.loss,
    dtype: config.dtype,
    parameters: model.network.params.length,
    targets: [...model.targetNames],
    inputScaling: model.inputScaler.kind,
    targetScaling: model.targetScaler?.kind ?? null,
    fill: model.fill === undefined ? null : [...model.fill],
    training: model.training ?? null,
    bytes: entry.bytes.length,
    sha256: entry.sha256,
  };
}
