/**
 * The decision map of a model with two inputs, as TensorFlow Playground draws it but for the real
 * model on the server: its prediction over a grid of the input plane (one POST
 * /v1/models/:name/predict for a stored model; forward.ts on a training job's snapshot), each cell
 * coloured by the predicted class (stronger where the model is surer) or, for regression, by the
 * value; the loaded data's points on top. Its text alternative is a coarse table of the grid, whose
 * cells also carry their inputs and outputs (data-x, data-y, data-outputs).
 */
import type { ModelFile, Prediction } from '../api/types.js';
import { cellValue, numberIn, type Table } from '../data/csv.js';
import type { CsvFormat } from '../data/csv-format.js';
import { h, num, scrollBox } from '../dom.js';
import { classColour, NEGATIVE, POSITIVE, withAlpha } from './palette.js';

/** What the map needs of a model: its input columns, its classes (or targets), its input scaling. */
export interface MapModel {
  inputs: readonly string[];
  labels: readonly string[] | null;
  targets: readonly string[];
  inputScaler?: ModelFile['model']['inputScaler'];
}

/** The loaded data: its table, and how its file writes numbers. */
export interface MapData {
  table: Table;
  format: CsvFormat;
}

/** The model's predictions for rows of raw inputs. */
export type Predictor = (inputs: number[][]) => Promise<Prediction> | Prediction;

/** Cells per side: 30 × 30 = 900 rows, under the server's smallest sensible --max-rows. */
export const GRID = 30;
const SIZE = 300;

type Range = [number, number];

/** Each input's range: the loaded data's, else ±2.5 standard deviations (or min–max) from the model's scaling. */
function ranges(model: MapModel, loaded: MapData | null): [Range, Range] {
  const names = model.inputs;
  const data = loaded?.table;
  return names.map((name, c) => {
    const col = data?.columns.indexOf(name) ?? -1;
    if (loaded && data && col >= 0) {
      // In one pass (Math.min(...values) overflows the stack past about 100,000 rows); an empty
      // cell is a missing value, not 0.
      let lo = Infinity;
      let hi = -Infinity;
      for (const row of data.rows) {
        const cell = row[col];
        if (cell === undefined || cell.trim() === '') continue;
        const value = numberIn(cell, loaded.format);
        if (!Number.isFinite(value)) continue;
        if (value < lo) lo = value;
        if (value > hi) hi = value;
      }
      if (lo <= hi) {
        const pad = (hi - lo) * 0.08 || 1;
        return [lo - pad, hi + pad] as Range;
      }
    }
    const scaler = model.inputScaler;
    if (scaler?.kind === 'standard') return [scaler.offset[c] - 2.5 * scaler.scale[c], scaler.offset[c] + 2.5 * scaler.scale[c]] as Range;
    if (scaler?.kind === 'minmax') return [scaler.offset[c] - 0.1 * scaler.scale[c], scaler.offset[c] + 1.1 * scaler.scale[c]] as Range;
    return [-3, 3] as Range;
  }) as [Range, Range];
}

/** The map of `name` (a model, or a job's model at some epoch), predicted by `predict`. */
export async function decisionMap(name: string, model: MapModel, predict: Predictor, loaded: MapData | null): Promise<HTMLElement> {
  const [[x0, x1], [y0, y1]] = ranges(model, loaded);
  const data = loaded?.table;
  const xs = Array.from({ length: GRID }, (_, k) => x0 + ((k + 0.5) * (x1 - x0)) / GRID);
  const ys = Array.from({ length: GRID }, (_, k) => y1 - ((k + 0.5) * (y1 - y0)) / GRID); // top row first
  const inputs = ys.flatMap((yv) => xs.map((xv) => [xv, yv]));
  const prediction = await predict(inputs);
  const canvas = h('canvas', { width: SIZE, height: SIZE, class: 'map', role: 'img' });
  const ctx = canvas.getContext('2d')!;
  const cell = SIZE / GRID;
  const [a, b] = model.inputs;
  let lo = Infinity;
  let hi = -Infinity;
  if (prediction.task === 'regression') for (const [v] of prediction.outputs) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  const cellLabel = (k: number) => (prediction.task === 'classification' ? prediction.labels[k] : num(prediction.outputs[k][0]));
  inputs.forEach((_, k) => {
    const out = prediction.outputs[k];
    if (prediction.task === 'classification') {
      const best = out.indexOf(Math.max(...out));
      ctx.fillStyle = withAlpha(classColour(best), 0.2 + 0.5 * out[best]);
    } else {
      const t = hi > lo ? (out[0] - lo) / (hi - lo) : 0.5;
      ctx.fillStyle = withAlpha(t >= 0.5 ? POSITIVE : NEGATIVE, 0.1 + 1.2 * Math.abs(t - 0.5));
    }
    ctx.fillRect((k % GRID) * cell, Math.floor(k / GRID) * cell, cell, cell);
  });
  const labelColumn = data && model.labels ? data.columns.indexOf(model.targets[0]) : -1;
  if (loaded && data) {
    const ca = data.columns.indexOf(a);
    const cb = data.columns.indexOf(b);
    if (ca >= 0 && cb >= 0) {
      for (const r of data.rows) {
        if (!(r[ca]?.trim() && r[cb]?.trim())) continue; // a missing coordinate: no point (Number('') is 0)
        const px = ((numberIn(r[ca], loaded.format) - x0) / (x1 - x0)) * SIZE;
        const py = ((y1 - numberIn(r[cb], loaded.format)) / (y1 - y0)) * SIZE;
        const k = labelColumn >= 0 ? model.labels!.indexOf(String(cellValue(r[labelColumn]))) : -1;
        ctx.beginPath();
        ctx.arc(px, py, 3.5, 0, 2 * Math.PI);
        ctx.fillStyle = k >= 0 ? classColour(k) : '#222222';
        ctx.fill();
        ctx.strokeStyle = '#ffffff';
        ctx.stroke();
      }
    }
  }
  canvas.setAttribute('aria-label', `Decision map of ${name}: the prediction over ${a} from ${num(x0)} to ${num(x1)} (across) and ${b} from ${num(y0)} to ${num(y1)} (up), ${GRID} × ${GRID} cells.`);
  // The text alternative: every fifth cell's prediction.
  const step = GRID / 6;
  const pick = Array.from({ length: 6 }, (_, k) => Math.floor(k * step + step / 2));
  const table = h(
    'table',
    { class: 'data' },
    h('caption', {}, `Prediction by ${b} (rows) and ${a} (columns)`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `${b} \\ ${a}`), ...pick.map((i) => h('th', { scope: 'col' }, num(xs[i]))))),
    h('tbody', {}, ...pick.map((j) => h('tr', {}, h('th', { scope: 'row' }, num(ys[j])), ...pick.map((i) => h('td', { 'data-x': xs[i], 'data-y': ys[j], 'data-outputs': JSON.stringify(prediction.outputs[j * GRID + i]) }, cellLabel(j * GRID + i)))))),
  );
  const legend =
    prediction.task === 'classification'
      ? h('p', { class: 'legend' }, ...prediction.classes.flatMap((c, k) => [h('span', { class: 'key', style: undefined, 'data-colour': k, 'aria-hidden': 'true' }), ` ${c} `]))
      : h('p', { class: 'legend' }, `red: low (${num(lo)}), blue: high (${num(hi)})`);
  return h('figure', { class: 'map-figure' }, canvas, h('figcaption', {}, `${b} (up) against ${a} (across)`), legend, h('details', {}, h('summary', {}, 'Show the numbers'), scrollBox('The decision map, the numbers', table)));
}
