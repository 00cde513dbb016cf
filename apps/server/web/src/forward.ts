/**
 * A model's forward pass in the page, from its JSON form (a job's snapshot): what
 * POST /v1/models/:name/predict answers for those weights, computed here so that the decision map
 * can be redrawn up to a few times a second while the job trains. The math is the server's: core's
 * input scaling, its activations (the same objects, by the names in the model), and between them
 * z^(l+1) = a^(l)·W[l] + b[l] with W[l] of shape [n_l, n_{l+1}]. It runs in float64; a float32
 * model's answers on the server differ from it by float32's rounding (about 1e-7 of each value).
 */
import { activation, argmaxRows, Matrix, scale, unscale } from '@bpnn/core';
import type { ModelFile, Prediction } from './api/types.js';

/** The prediction of the model in `file` for raw inputs (rows, inputs), in the predict route's shape. */
export function forward(file: ModelFile, inputs: number[][]): Prediction {
  const { model, tensors } = file;
  const rows = inputs.length;
  let a = scale(model.inputScaler, Matrix.fromRows(inputs, 'inputs'), 'float64').data; // (rows, n_0)
  for (let l = 0; l < model.layers.length - 1; l++) {
    const [n, m] = [model.layers[l], model.layers[l + 1]];
    const weight = tensors[`layers.${l}.weight`].data as number[][]; // (n, m)
    const bias = tensors[`layers.${l}.bias`].data as number[]; // (m)
    const z = new Float64Array(rows * m); // (rows, m)
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < m; j++) {
        let sum = bias[j];
        for (let i = 0; i < n; i++) sum += a[r * n + i] * weight[i][j];
        z[r * m + j] = sum;
      }
    }
    const next = new Float64Array(rows * m);
    activation(model.activations[l]).forward(z, next, rows, m);
    a = next;
  }
  const width = model.layers[model.layers.length - 1];
  let out = new Matrix(rows, width, a);
  if (model.targetScaler !== undefined) out = unscale(model.targetScaler, out);
  const outputs = Array.from({ length: rows }, (_, r) => Array.from(out.data.subarray(r * width, (r + 1) * width)));
  if (model.task === 'regression') return { task: 'regression', targets: model.targetNames, outputs };
  const labels = model.labels!;
  return { task: 'classification', classes: labels, outputs, labels: Array.from(argmaxRows(out.data, rows, width), (k) => labels[k]) };
}
