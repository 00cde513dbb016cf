/**
 * Understand: the open model drawn as its network (weights from the API), a sample picked from the
 * loaded data or typed in, and POST /v1/models/:name/explain's answer: each neuron's z, activation
 * and residual δ (as `bpnn explain` prints them, and on the drawing) and the largest weight
 * gradients a_i·δ_j. A model with two inputs also gets its decision map.
 */
import { api } from '../api/client.js';
import type { Explanation } from '../api/types.js';
import { byId, h, num, onWidthChange, scrollBox } from '../dom.js';
import { decisionMap } from '../draw/decision-map.js';
import { networkDiagram, SHOWN, weightTables } from '../draw/network.js';
import { openModel, type OpenModel } from '../model-cache.js';
import { state } from '../state.js';
import { sampleForm } from './sample-form.js';

function layerTable(e: Explanation, l: number, outputNames: readonly string[]): HTMLElement {
  const layer = e.layers[l];
  const last = l === e.layers.length - 1;
  const residual = layer.residual!;
  let shown = residual.map((_, i) => i);
  if (shown.length > SHOWN) shown = shown.sort((p, q) => Math.abs(residual[q]) - Math.abs(residual[p])).slice(0, SHOWN).sort((p, q) => p - q);
  const header = last ? ['Neuron', 'Output', 'z', 'a', 'y', 'δ'] : ['Neuron', 'z', 'a', 'δ'];
  const note = shown.length < residual.length ? ` (the ${shown.length} with the largest |δ|)` : '';
  return h(
    'table',
    { class: 'data', 'data-layer': l },
    h('caption', {}, `Layer ${l}: ${layer.size} ${last ? 'outputs' : 'hidden neurons'}, ${layer.activation}${note}`),
    h('thead', {}, h('tr', {}, ...header.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...shown.map((i) =>
        h('tr', {}, h('td', { class: 'n' }, i), last ? h('td', {}, outputNames[i] ?? '') : null, h('td', { class: 'n' }, num(layer.z![i])), h('td', { class: 'n' }, num(layer.a[i])), last ? h('td', { class: 'n' }, num(e.encodedTarget[i])) : null, h('td', { class: 'n', 'data-residual': i }, num(residual[i]))),
      ),
    ),
  );
}

function explanationView(e: Explanation, model: OpenModel): HTMLElement {
  const outputs = model.details.labels ?? model.details.targets;
  const predicted = e.prediction.label ?? e.prediction.outputs.map(num).join(', ');
  return h(
    'div',
    { class: 'explanation', 'aria-live': 'polite' },
    h('p', {}, `Prediction: ${predicted}; this sample's cost J = ${num(e.cost)} (${e.loss}).`),
    h('p', { class: 'formula' }, `Forward: z^(l+1) = a^(l)·W[l] + b[l], a^(l+1) = f(z^(l+1)). Backward: output layer ${e.outputRule}; hidden layers δ_i^(l) = (Σ_j W[l][i][j]·δ_j^(l+1))·f′(z_i^(l)); ∂J/∂W[l][i][j] = a_i^(l)·δ_j^(l+1).`),
    scrollBox('Each layer\'s z, a and δ', ...e.layers.slice(1).map((_, k) => layerTable(e, k + 1, outputs))),
    scrollBox(
      'The largest weight gradients',
      h(
        'table',
        { class: 'data', id: 'top-gradients' },
        h('caption', {}, `The ${e.topGradients.length} largest weight gradients, ∂J/∂W[l][i][j] = a_i·δ_j`),
        h('thead', {}, h('tr', {}, ...['Weight', 'a_i', 'δ_j', '∂J/∂W'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...e.topGradients.map((g) => h('tr', {}, h('td', {}, `W[${g.layer}][${g.i}][${g.j}]`), h('td', { class: 'n' }, num(g.activation)), h('td', { class: 'n' }, num(g.residual)), h('td', { class: 'n' }, num(g.gradient))))),
      ),
    ),
  );
}

export function understandPanel(): void {
  const box = byId('understand');
  let generation = 0;

  const show = async () => {
    const name = state.model;
    const mine = ++generation;
    if (name === null) return void box.replaceChildren(h('p', {}, 'Open a model from the list to see its network.'));
    let model: OpenModel;
    try {
      model = await openModel(name);
    } catch (error) {
      return void box.replaceChildren(h('p', { class: 'error', role: 'alert' }, `${name}: ${(error as Error).message}`));
    }
    if (mine !== generation) return;
    const { details } = model;
    const outputs = details.labels ?? details.targets;
    const drawing = h('div', { class: 'network-box' });
    let shown: Explanation | undefined;
    const draw = (e?: Explanation) => {
      shown = e;
      drawing.replaceChildren(networkDiagram(details.layers, model.weights, details.inputs, outputs, e, drawing.clientWidth || 680));
    };
    onWidthChange(drawing, () => draw(shown));
    const result = h('div', {});
    const explain = async (row: Record<string, unknown>) => {
      try {
        const e = await api.explain(name, row);
        draw(e);
        result.replaceChildren(explanationView(e, model));
      } catch (error) {
        result.replaceChildren(h('p', { class: 'error', role: 'alert' }, (error as Error).message));
      }
    };
    const form = sampleForm('explain', details, [...details.columns, ...details.targets], 'Explain this sample', explain);
    const mapBox = h('div', {});
    const weights = h('details', {}, h('summary', {}, 'Show the weights'));
    // The tables are built the first time they are asked for.
    weights.addEventListener('toggle', () => {
      if (weights.open && weights.childElementCount === 1) weights.append(weightTables(details.layers, model.weights));
    });
    box.replaceChildren(h('div', { class: 'split' }, h('div', {}, h('h3', {}, `Network of ${name}`), drawing, weights, mapBox), h('div', {}, h('h3', {}, 'A sample, forward and back'), form, result)));
    draw();
    if (details.inputs.length === 2 && details.categorical.length === 0) { // a plane of two numeric inputs
      mapBox.replaceChildren(h('h3', {}, 'Decision map'), h('p', { role: 'status' }, 'Predicting over the input plane…'));
      try {
        const subject = { inputs: details.inputs, labels: details.labels, targets: details.targets, inputScaler: model.file.model.inputScaler };
        const figure = await decisionMap(name, subject, (inputs) => api.predict(name, { inputs }), state.data);
        if (mine === generation) mapBox.replaceChildren(h('h3', {}, 'Decision map'), figure);
      } catch (error) {
        mapBox.replaceChildren(h('p', { class: 'error' }, `Decision map: ${(error as Error).message}`));
      }
    }
  };
  state.on('model', () => void show());
  state.on('data', () => void show());
  if (state.model !== null) void show();
}
