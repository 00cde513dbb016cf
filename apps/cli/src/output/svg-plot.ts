/**
 * Loss curves as an SVG picture, written by hand: a frame with ticks and grid lines at "nice"
 * values, axis labels, a title, one polyline per series with one point per epoch, and a legend.
 */
import type { Series } from './chart.js';

export interface PlotOptions {
  title: string;
  xLabel?: string;
  yLabel?: string;
}

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { left: 72, right: 24, top: 44, bottom: 56 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

/** Ticks at 1, 2 or 5 × 10^k covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function lossCurvesSvg(series: readonly Series[], options: PlotOptions): string {
  const epochs = Math.max(1, ...series.map((s) => s.values.length));
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const yTicks = niceTicks(Math.min(0, ...finite), finite.length ? Math.max(...finite) : 1);
  const yMin = yTicks[0];
  const yMax = Math.max(yTicks[yTicks.length - 1], yMin + 1e-12);
  const xTicks = niceTicks(1, epochs).filter((v) => Number.isInteger(v) && v >= 1);
  // Epoch 1 starts the axis: label it too, unless the first tick is right beside it.
  if (xTicks.length > 1 && xTicks[0] - 1 >= (xTicks[1] - xTicks[0]) / 2) xTicks.unshift(1);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (epoch: number) => MARGIN.left + (epochs === 1 ? plotW / 2 : ((epoch - 1) / (epochs - 1)) * plotW);
  const y = (v: number) => MARGIN.top + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const f = (n: number) => Number(n.toFixed(2)).toString();
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`);
  out.push(`  <title>${escapeXml(options.title)}</title>`);
  out.push(`  <rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  out.push(`  <text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(options.title)}</text>`);
  out.push('  <g class="grid" stroke="#e6e6e6">');
  for (const v of yTicks) out.push(`    <line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(y(v))}" y2="${f(y(v))}"/>`);
  out.push('  </g>');
  out.push(`  <g class="axes" stroke="black" fill="none">`);
  out.push(`    <line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}"/>`);
  out.push(`    <line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}"/>`);
  for (const v of yTicks) out.push(`    <line x1="${MARGIN.left - 5}" x2="${MARGIN.left}" y1="${f(y(v))}" y2="${f(y(v))}"/>`);
  for (const v of xTicks) out.push(`    <line x1="${f(x(v))}" x2="${f(x(v))}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}"/>`);
  out.push('  </g>');
  out.push('  <g class="tick-labels">');
  for (const v of yTicks) out.push(`    <text x="${MARGIN.left - 8}" y="${f(y(v) + 4)}" text-anchor="end">${v}</text>`);
  for (const v of xTicks) out.push(`    <text x="${f(x(v))}" y="${MARGIN.top + plotH + 19}" text-anchor="middle">${v}</text>`);
  out.push('  </g>');
  out.push(`  <text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(options.xLabel ?? 'epoch')}</text>`);
  out.push(`  <text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel ?? 'loss')}</text>`);
  series.forEach((s, k) => {
    const points = s.values.map((v, i) => (Number.isFinite(v) ? `${f(x(i + 1))},${f(y(v))}` : null)).filter((p) => p !== null);
    out.push(`  <polyline class="series" data-name="${escapeXml(s.name)}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.5" points="${points.join(' ')}"/>`);
  });
  out.push('  <g class="legend">');
  series.forEach((s, k) => {
    const ly = MARGIN.top + 14 + k * 18;
    const lx = MARGIN.left + plotW - 150;
    out.push(`    <line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${COLORS[k % COLORS.length]}" stroke-width="2"/>`);
    out.push(`    <text x="${lx + 30}" y="${ly}">${escapeXml(s.name)}</text>`);
  });
  out.push('  </g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
