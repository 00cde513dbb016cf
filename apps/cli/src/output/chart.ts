/**
 * Loss curves as a text chart for the terminal: one mark per column (`*` train, `o` validation,
 * `#` where both fall), a y axis with three labels, and the epochs underneath. When the values
 * span more than a decade, as losses usually do, the y axis is logarithmic and says so.
 */

export interface Series {
  name: string;
  /** One value per epoch (epoch 1 first); non-finite values are left out. */
  values: readonly number[];
}

export interface ChartOptions {
  /** Width of the plot area in columns (the labels come on top of it). */
  width?: number;
  /** Height of the plot area in rows. */
  height?: number;
}

const MARKS = ['*', 'o'];

/** Whether values spanning [min, max] read better on a log axis. */
export function useLogScale(min: number, max: number): boolean {
  return min > 0 && max / min >= 10;
}

export function lossChart(series: readonly Series[], options: ChartOptions = {}): string[] {
  const epochs = Math.max(0, ...series.map((s) => s.values.length));
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  if (epochs === 0 || finite.length === 0) return [];
  const height = Math.max(3, options.height ?? 10);
  const plotWidth = Math.max(10, Math.min(options.width ?? 60, epochs));
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const log = useLogScale(min, max);
  const t = (v: number) => (log ? Math.log10(v) : v);
  const lo = t(min);
  const span = t(max) - lo || 1;
  const grid = Array.from({ length: height }, () => new Array<string>(plotWidth).fill(' '));
  series.forEach((s, k) => {
    for (let col = 0; col < plotWidth; col++) {
      // The epoch this column stands for: evenly spaced from the first to the last.
      const epoch = epochs === 1 ? 0 : Math.round((col * (epochs - 1)) / (plotWidth - 1));
      const v = s.values[epoch];
      if (v === undefined || !Number.isFinite(v)) continue;
      const row = height - 1 - Math.round(((t(v) - lo) / span) * (height - 1));
      const cell = grid[row][col];
      grid[row][col] = cell === ' ' || cell === MARKS[k] ? MARKS[k] : '#';
    }
  });
  const label = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toPrecision(4));
  const at = (row: number) => (log ? 10 ** (lo + (span * (height - 1 - row)) / (height - 1)) : lo + (span * (height - 1 - row)) / (height - 1));
  const labels = grid.map((_, row) => (row === 0 || row === height - 1 || row === Math.floor((height - 1) / 2) ? label(at(row)) : ''));
  const pad = Math.max(...labels.map((l) => l.length));
  const lines = grid.map((cells, row) => `${labels[row].padStart(pad)} ┤${cells.join('')}`);
  lines.push(`${' '.repeat(pad)} └${'─'.repeat(plotWidth)}`);
  const first = '1';
  const last = String(epochs);
  lines.push(`${' '.repeat(pad + 2)}${first}${last.padStart(plotWidth - first.length)}  epoch`);
  const legend = series.map((s, k) => `${MARKS[k]} ${s.name}`).join('   ');
  lines.push(`${' '.repeat(pad + 2)}${legend}${log ? '   (log scale)' : ''}`);
  return lines;
}
