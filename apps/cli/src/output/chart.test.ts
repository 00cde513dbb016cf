import { describe, expect, it } from 'vitest';
import { lossChart, useLogScale } from './chart.js';
import { niceTicks, escapeXml } from './svg-plot.js';
import { clock, statusLine } from './progress.js';

describe('lossChart', () => {
  it('puts each value in the row its size says, with axis labels at the top, middle and bottom', () => {
    const lines = lossChart([{ name: 'training loss', values: [4, 3, 2, 1] }], { width: 4, height: 4 });
    // linear (4/1 < 10); rows from 4 at the top to 1 at the bottom; the plot is 10 columns at
    // least, so the 4 epochs spread over columns 0–1, 2–4, 5–7 and 8–9
    expect(lines.slice(0, 4).map((l) => l.replace(/^.*┤/, '').trimEnd())).toEqual(['**', '  ***', '     ***', '        **']);
    expect(lines[0]).toMatch(/^4\.000 ┤\*/);
    expect(lines[3]).toMatch(/^1\.000 ┤/);
    expect(lines.at(-1)).toContain('* training loss');
    expect(lines.at(-1)).not.toContain('log scale');
  });

  it('marks a second series with o, overlaps with #, and turns to a log axis over a decade', () => {
    const lines = lossChart(
      [
        { name: 'training loss', values: [100, 10, 1] },
        { name: 'validation loss', values: [100, 20, 2] },
      ],
      { width: 10, height: 5 },
    );
    expect(lines[0]).toMatch(/┤#/); // both start at 100
    expect(lines.at(-1)).toContain('o validation loss   (log scale)');
    expect(useLogScale(1, 9.9)).toBe(false);
    expect(useLogScale(0, 100)).toBe(false);
  });

  it('draws nothing for no epochs', () => {
    expect(lossChart([{ name: 'x', values: [] }])).toEqual([]);
  });
});

describe('SVG helpers', () => {
  it('niceTicks steps by 1, 2 or 5 × 10^k and covers the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 200)).toEqual([50, 100, 150, 200]);
    expect(niceTicks(0, 2.2)).toEqual([0, 0.5, 1, 1.5, 2]);
  });
  it('escapes XML', () => {
    expect(escapeXml(`a<b & "c"`)).toBe('a&lt;b &amp; &quot;c&quot;');
  });
});

describe('progress status line', () => {
  it('fits the terminal width and estimates the time left from the time per epoch', () => {
    const line = statusLine({ epoch: 50, epochs: 200, loss: 0.5, valLoss: 0.6, seconds: 10 }, 1000, 100);
    expect(line.length).toBeLessThan(100);
    expect(line).toMatch(/^epoch {2}50\/200 \[█+░+\] {2}25% {2}loss 0\.5000 {2}val 0\.6000 {3}5000 samples\/s {2}0:30 left$/);
    expect(statusLine({ epoch: 1, epochs: 10, loss: 1, seconds: 1 }, 10, 20).length).toBeLessThan(20);
    expect(clock(3725)).toBe('1:02:05');
  });
});
