/**
 * The loss curves of a training as SVG: training and validation loss per epoch on a log scale
 * (decades, with 2 and 5 between them when the range is narrow). Its text alternative is a
 * sentence (the SVG's title) and, on request, the numbers in a table (lossTable).
 */
import type { EpochInfo } from '../api/types.js';
import { h, num, s, scrollBox } from '../dom.js';

const H = 240;
const M = { left: 58, right: 14, top: 12, bottom: 38 };
const MAX_POINTS = 800;

/** At most `max` items, evenly spaced, always keeping the last. */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  const out = Array.from({ length: max - 1 }, (_, k) => items[Math.floor(k * step)]);
  out.push(items[items.length - 1]);
  return out;
}

/** Log-scale ticks covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const decades = Math.log10(hi / lo);
  const steps = decades <= 2 ? [1, 2, 5] : [1];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) for (const m of steps) out.push(m * 10 ** e);
  return out.filter((t) => t >= lo * 0.999 && t <= hi * 1.001);
}

export function describeLosses(history: readonly EpochInfo[]): string {
  if (history.length === 0) return 'Loss by epoch: no epochs yet.';
  const first = history[0];
  const last = history[history.length - 1];
  const val = first.valLoss !== undefined ? `; validation loss from ${num(first.valLoss)} to ${num(last.valLoss)}` : '';
  return `Loss by epoch, log scale: training loss from ${num(first.loss)} at epoch ${first.epoch} to ${num(last.loss)} at epoch ${last.epoch}${val}.`;
}

/** The chart, `width` user units wide: the box's width in CSS pixels, so that its text stays legible on a phone. */
export function lossChart(history: readonly EpochInfo[], width = 600): SVGSVGElement {
  const W = Math.max(300, Math.min(900, Math.round(width)));
  const points = thin(history, MAX_POINTS);
  const values = points.flatMap((p) => [p.loss, p.valLoss ?? NaN]).filter((v) => Number.isFinite(v) && v > 0);
  let lo = values.length ? Math.min(...values) : 0.1;
  let hi = values.length ? Math.max(...values) : 1;
  if (hi / lo < 10) {
    const mid = Math.sqrt(hi * lo);
    lo = Math.min(lo, mid / Math.sqrt(10));
    hi = Math.max(hi, mid * Math.sqrt(10));
  }
  const lastEpoch = Math.max(2, history.length ? history[history.length - 1].epoch : 2);
  const x = (epoch: number) => M.left + ((epoch - 1) / (lastEpoch - 1)) * (W - M.left - M.right);
  const y = (v: number) => M.top + (1 - Math.log(v / lo) / Math.log(hi / lo)) * (H - M.top - M.bottom);
  const line = (pick: (p: EpochInfo) => number | undefined) =>
    points
      .filter((p) => { const v = pick(p); return v !== undefined && v > 0 && Number.isFinite(v); })
      .map((p) => `${x(p.epoch).toFixed(1)},${y(pick(p)!).toFixed(1)}`)
      .join(' ');
  const xTicks = [...new Set([1, ...Array.from({ length: 4 }, (_, k) => Math.round(1 + ((k + 1) * (lastEpoch - 1)) / 4))])];
  const hasVal = points.some((p) => p.valLoss !== undefined);
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': 'loss-chart-title', 'data-epochs': history.length },
    s('title', { id: 'loss-chart-title' }, describeLosses(history)),
    ...ticks(lo, hi).flatMap((t) => [
      s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: 'grid' }),
      s('text', { x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, num(t)),
    ]),
    ...xTicks.map((t) => s('text', { x: x(t), y: H - M.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, t)),
    s('text', { x: (M.left + W - M.right) / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis' }, 'epoch'),
    s('line', { x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom, class: 'axis-line' }),
    s('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis-line' }),
    s('polyline', { points: line((p) => p.loss), class: 'train-loss' }),
    hasVal ? s('polyline', { points: line((p) => p.valLoss), class: 'val-loss' }) : null,
  );
}

/** The legend, as HTML beside the chart. */
export const lossLegend = () =>
  h('p', { class: 'legend' }, h('span', { class: 'key train-key', 'aria-hidden': 'true' }), ' training loss ', h('span', { class: 'key val-key', 'aria-hidden': 'true' }), ' validation loss (dashed)');

/** The numbers behind the chart (at most 200 rows, evenly spaced, with the last epoch). */
export function lossTable(history: readonly EpochInfo[]): HTMLElement {
  const rows = thin(history, 200);
  return scrollBox(
    'Loss by epoch, the numbers',
    rows.length < history.length ? h('p', {}, `${rows.length} of ${history.length} epochs, evenly spaced.`) : null,
    h(
      'table',
      { class: 'data' },
      h('caption', {}, 'Loss by epoch'),
      h('thead', {}, h('tr', {}, ...['Epoch', 'Training loss', 'Validation loss', 'Seconds'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((p) => h('tr', {}, h('td', { class: 'n' }, p.epoch), h('td', { class: 'n' }, num(p.loss)), h('td', { class: 'n' }, num(p.valLoss)), h('td', { class: 'n' }, num(p.seconds))))),
    ),
  );
}
