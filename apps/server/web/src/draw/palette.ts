/**
 * The page's colours for data: each has at least 4.5:1 contrast on white (WCAG AA for text, and
 * so more than the 3:1 that graphics need). Positive weights blue, negative red.
 */
export const CLASS_COLOURS = ['#1a56b8', '#b34700', '#2e7d32', '#8e24aa', '#c62828', '#00796b', '#6d4c41', '#ad1457'];
export const POSITIVE = '#1a56b8';
export const NEGATIVE = '#c62828';

export const classColour = (k: number) => CLASS_COLOURS[k % CLASS_COLOURS.length];

/** #rrggbb with an alpha in [0, 1], as rgba(). */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha.toFixed(3)})`;
}
