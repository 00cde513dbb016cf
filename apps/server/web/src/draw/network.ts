/**
 * A network drawn as SVG: layers of neurons left to right, each connection W[l][i][j] a line
 * coloured by its sign (blue +, red −) and as thick as |w| relative to the largest. With an
 * explanation, each neuron is filled by its residual δ (the same colours, scaled per layer) and
 * says its z, a and δ in its title; layer 0 shows the inputs' names, the last layer the outputs'.
 */
import type { Explanation } from '../api/types.js';
import { h, num, s, scrollBox } from '../dom.js';
import { NEGATIVE, POSITIVE, withAlpha } from './palette.js';

/** Neurons drawn per layer; wider layers show the first ones and say how many more. */
export const SHOWN = 16;
const GAP = 30;
const R = 9;

/** The labels' font size (style.css: svg .label), in the drawing's units. */
const FONT = 12;
/** Space between a neuron and its name, and between a name and the drawing's edge. */
const PAD = 6;

let context: CanvasRenderingContext2D | null | undefined;
/**
 * How wide `text` is in the labels' font, measured with the page's own font (a canvas's
 * measureText), so that a name never runs past the drawing's edge, whatever its letters; without
 * a canvas, as if every letter were as wide as the font is tall.
 */
function textWidth(text: string): number {
  if (context === undefined) {
    context = document.createElement('canvas').getContext('2d');
    if (context !== null) context.font = `${FONT}px ${getComputedStyle(document.documentElement).fontFamily}`;
  }
  return context === null ? text.length * FONT : Math.ceil(context.measureText(text).width) + 1;
}

/** `text` if it fits in `space`, else its longest start that fits with an ellipsis (the full name is the label's title). */
function fitted(text: string, space: number): string {
  if (textWidth(text) <= space) return text;
  let n = text.length - 1;
  while (n > 1 && textWidth(`${text.slice(0, n)}…`) > space) n--;
  return `${text.slice(0, n)}…`;
}

/** The drawing, `width` user units wide (the box's width in CSS pixels, so that labels stay legible). */
export function networkDiagram(layers: readonly number[], weights: readonly number[][][], inputNames: readonly string[], outputNames: readonly string[], explanation?: Explanation, width = 680): SVGSVGElement {
  const W = Math.max(300, Math.min(760, Math.round(width)));
  const shown = layers.map((n) => Math.min(n, SHOWN));
  // The texts centred on the first and last layers (its heading, "+n more") need half their width on each side.
  const centred = (l: number, heading: string) => Math.max(textWidth(heading), layers[l] > shown[l] ? textWidth(`+${layers[l] - shown[l]} more`) : 0) / 2 + PAD;
  // Room for the names beside the first and last layers: as much as they need, up to a share of the width.
  const room = (names: readonly string[], share: number) => Math.min(W * share, Math.max(0, ...names.map(textWidth)) + R + 2 * PAD);
  const LEFT = Math.max(R + PAD, centred(0, 'inputs'), room(inputNames, 0.32));
  const RIGHT = Math.max(R + PAD, centred(layers.length - 1, 'outputs'), room(outputNames, 0.26));
  const height = Math.max(...shown) * GAP + 40;
  const x = (l: number) => LEFT + (l * (W - LEFT - RIGHT)) / Math.max(1, layers.length - 1);
  const y = (l: number, i: number) => 20 + GAP / 2 + i * GAP + ((Math.max(...shown) - shown[l]) * GAP) / 2;
  let largest = 0;
  for (const w of weights) for (const row of w) for (const v of row) largest = Math.max(largest, Math.abs(v));
  const lines: SVGElement[] = [];
  weights.forEach((w, l) => {
    for (let i = 0; i < shown[l]; i++) {
      for (let j = 0; j < shown[l + 1]; j++) {
        const v = w[i][j];
        const t = largest > 0 ? Math.abs(v) / largest : 0;
        lines.push(
          s('line', { x1: x(l), y1: y(l, i), x2: x(l + 1), y2: y(l + 1, j), stroke: v >= 0 ? POSITIVE : NEGATIVE, 'stroke-width': (0.4 + 3.6 * t).toFixed(2), 'stroke-opacity': (0.15 + 0.75 * t).toFixed(2) },
            s('title', {}, `W[${l}][${i}][${j}] = ${num(v)}`)),
        );
      }
    }
  });
  const neurons: SVGElement[] = [];
  layers.forEach((n, l) => {
    const e = explanation?.layers[l];
    const residual = e?.residual ?? null;
    const scale = residual ? Math.max(...residual.map(Math.abs)) || 1 : 1;
    for (let i = 0; i < shown[l]; i++) {
      const d = residual?.[i];
      const fill = d === undefined ? '#ffffff' : withAlpha(d >= 0 ? POSITIVE : NEGATIVE, 0.15 + 0.85 * (Math.abs(d) / scale));
      const title = e === undefined ? `layer ${l}, neuron ${i}` : `layer ${l}, neuron ${i}: ${e.z ? `z = ${num(e.z[i])}, ` : ''}a = ${num(e.a[i])}${d !== undefined ? `, δ = ${num(d)}` : ''}`;
      neurons.push(s('circle', { cx: x(l), cy: y(l, i), r: R, fill, stroke: '#333333', 'stroke-width': 1.2, 'data-layer': l, 'data-neuron': i }, s('title', {}, title)));
      const name = l === 0 ? inputNames[i] : l === layers.length - 1 ? outputNames[i] : undefined;
      if (name !== undefined) {
        const left = l === 0;
        neurons.push(s('text', { x: x(l) + (left ? -R - PAD : R + PAD), y: y(l, i) + 4, 'text-anchor': left ? 'end' : 'start', class: 'label' }, fitted(name, (left ? LEFT : RIGHT) - R - 2 * PAD), s('title', {}, name)));
      }
    }
    if (n > shown[l]) neurons.push(s('text', { x: x(l), y: height - 6, 'text-anchor': 'middle', class: 'label' }, `+${n - shown[l]} more`));
    neurons.push(s('text', { x: x(l), y: 12, 'text-anchor': 'middle', class: 'label' }, l === 0 ? 'inputs' : l === layers.length - 1 ? 'outputs' : `hidden ${l}`));
  });
  const summary = `A ${layers.join('-')} network: ${weights.reduce((k, w) => k + w.length * (w[0]?.length ?? 0), 0)} weights, the largest |w| ${num(largest)}; blue lines are positive weights, red negative, thicker is larger.${explanation ? ' Neurons are filled by their residual δ.' : ''}`;
  return s('svg', { viewBox: `0 0 ${W} ${height}`, class: 'network', role: 'img', 'aria-label': summary }, ...lines, ...neurons);
}

/** The drawing's numbers: each W[l] as a table (neurons i down, j across; the first SHOWN of each). */
export function weightTables(layers: readonly number[], weights: readonly number[][][]): HTMLElement {
  return scrollBox(
    'The weights',
    ...weights.map((w, l) => {
      const rows = Math.min(layers[l], SHOWN);
      const cols = Math.min(layers[l + 1], SHOWN);
      const part = rows < layers[l] || cols < layers[l + 1] ? ` (the first ${rows} × ${cols})` : '';
      return h(
        'table',
        { class: 'data', 'data-tensor': `layers.${l}.weight` },
        h('caption', {}, `W[${l}]: ${layers[l]} × ${layers[l + 1]}, from layer ${l} (rows i) to layer ${l + 1} (columns j)${part}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'i \\ j'), ...Array.from({ length: cols }, (_, j) => h('th', { scope: 'col' }, j)))),
        h('tbody', {}, ...Array.from({ length: rows }, (_, i) => h('tr', {}, h('th', { scope: 'row' }, i), ...Array.from({ length: cols }, (_, j) => h('td', { class: 'n' }, num(w[i][j])))))),
      );
    }),
  );
}
