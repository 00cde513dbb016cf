/** `bpnn train --stream` end to end: the cache file, its reuse and invalidation, and the same model as in memory. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '@bpnn/core';
import { readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { BIN, workdir } from '../../test/run.js';

/** `rows` rows: four inputs, a class label and a number. */
function dataCsv(rows: number, seed = 1): string {
  const random = new Random(seed);
  const lines = ['x1,x2,x3,x4,label,y'];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: 4 }, () => Math.round((random.next() * 20 - 10) * 1000) / 1000);
    const label = x[0] - x[1] > 2 ? 'high' : x[0] - x[1] > -2 ? 'mid' : 'low';
    lines.push(`${x.join(',')},${label},${(x[0] * 0.5 - x[2] + x[3] * x[3] * 0.1).toFixed(4)}`);
  }
  return lines.join('\n') + '\n';
}

/** bpnn with a 64 MB V8 heap. */
function bpnn(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const weights = (path: string) => Array.from(readModel(readFileSync(path)).network.params);

describe('bpnn train --stream', () => {
  for (const [target, dtype] of [
    ['label', 'float32'],
    ['y', 'float64'],
  ] as const) {
    it(`trains the in-memory model bit for bit on data of one block (the same shuffle): ${target}, ${dtype}`, () => {
      const dir = workdir();
      writeFileSync(join(dir, 'data.csv'), dataCsv(3000));
      const flags = ['--target', target, '--dtype', dtype, '--hidden', '6', '--epochs', '3', '--batch-size', '16'];
      if (target === 'y') flags.push('--features', 'x1,x2,x3,x4');
      const streamed = bpnn(['train', 'data.csv', ...flags, '--stream', '--out', 's.bpnn'], dir);
      expect(streamed.stderr).toBe('');
      expect(streamed.stdout).toContain('made the cache data.csv.bpnn-cache');
      const held = bpnn(['train', 'data.csv', ...flags, '--out', 'm.bpnn'], dir);
      expect(held.code).toBe(0);
      // Both say the same about the data and the task.
      const about = (out: string) => out.split('\n').find((line) => line.startsWith('bpnn train:'));
      expect(about(streamed.stdout)).toBe(about(held.stdout));
      expect(weights(join(dir, 's.bpnn'))).toEqual(weights(join(dir, 'm.bpnn')));
      const [s, m] = ['s.bpnn', 'm.bpnn'].map((file) => readModel(readFileSync(join(dir, file))));
      expect(s.inputScaler).toEqual(m.inputScaler);
      expect(s.labels).toEqual(m.labels);
      expect(s.targetScaler).toEqual(m.targetScaler);
    });
  }

  it('reuses the cache while the CSV and the columns are the same, and makes it again when either changes', () => {
    const dir = workdir();
    const csv = join(dir, 'data.csv');
    writeFileSync(csv, dataCsv(500));
    const train = (...more: string[]) => bpnn(['train', 'data.csv', '--target', 'label', '--hidden', '4', '--epochs', '1', '--stream', '--out', 'a.bpnn', ...more], dir);
    expect(train().stdout).toContain('made the cache');
    expect(train().stdout).toContain("reading the cache data.csv.bpnn-cache (the CSV's size, inode, modification time and change time are those it was made from)");
    // One number changed in place: the same size, a new modification time.
    const text = readFileSync(csv, 'utf8');
    const at = text.indexOf('\n') + 1;
    writeFileSync(csv, text.slice(0, at) + (text[at] === '1' ? '2' : '1') + text.slice(at + 1));
    utimesSync(csv, new Date(), new Date(Date.now() + 5000));
    expect(train().stdout).toContain('made the cache');
    expect(train('--features', 'x1,x2').stdout).toContain('made the cache');
    // A row more: the model says 501 rows.
    writeFileSync(csv, text + '1,2,3,4,mid,0.5\n');
    const run = train('--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 501 });
    expect(readModel(readFileSync(join(dir, 'a.bpnn'))).training).toMatchObject({ rows: 501 });
  });

  it('reads a CSV again that was rewritten to the same size and set back to its modification time, and trains on the new values', () => {
    const dir = workdir();
    const csv = join(dir, 'data.csv');
    const flags = ['--target', 'y', '--features', 'x1,x2,x3,x4', '--hidden', '4', '--epochs', '2', '--batch-size', '16'];
    writeFileSync(csv, dataCsv(500, 1));
    const then = new Date(Date.now() - 60_000); // a whole millisecond, which utimes sets back exactly
    utimesSync(csv, then, then);
    const made = bpnn(['train', 'data.csv', ...flags, '--stream', '--out', 'old.bpnn'], dir);
    expect(made.stdout).toContain("made the cache data.csv.bpnn-cache (reused while the CSV's size, inode, modification time and change time stay as they are now)");
    const { mtimeMs, size } = statSync(csv);
    // The same size, other numbers (each target's last digit changed), the old modification time.
    const text = readFileSync(csv, 'utf8').replace(/(\d)$/gm, (d) => String((Number(d) + 1) % 10));
    expect(text).not.toBe(readFileSync(csv, 'utf8'));
    writeFileSync(csv, text);
    utimesSync(csv, then, then);
    expect(statSync(csv)).toMatchObject({ size, mtimeMs });
    const again = bpnn(['train', 'data.csv', ...flags, '--stream', '--out', 'new.bpnn'], dir);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('made the cache data.csv.bpnn-cache');
    // On the new values: the in-memory model of the rewritten CSV, bit for bit (one block).
    expect(bpnn(['train', 'data.csv', ...flags, '--out', 'memory.bpnn'], dir).code).toBe(0);
    expect(weights(join(dir, 'new.bpnn'))).toEqual(weights(join(dir, 'memory.bpnn')));
    expect(weights(join(dir, 'new.bpnn'))).not.toEqual(weights(join(dir, 'old.bpnn')));
  });

  // A folder root could write all the same: the test runs the command as nobody, which needs root.
  // nobody must be able to run this Node too (one under /root, as npx installs node@22, is not).
  const asNobody = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '0']).status === 0;
  it.skipIf(!asNobody)('a CSV in a folder the user cannot write: one line saying the cache beside it cannot be written and why, exit 1 (run as nobody; skipped unless root with runuser)', () => {
    const dir = workdir();
    const out = workdir();
    writeFileSync(join(dir, 'data.csv'), dataCsv(40));
    chmodSync(join(dir, 'data.csv'), 0o644);
    chmodSync(dir, 0o555);
    chmodSync(out, 0o777);
    const run = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, BIN, 'train', join(dir, 'data.csv'), '--target', 'label', '--stream', '--out', join(out, 'm.bpnn')], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`bpnn: cannot write the cache ${join(dir, 'data.csv.bpnn-cache')} beside ${join(dir, 'data.csv')}: permission denied (--stream keeps its cache beside the CSV: copy the CSV to a folder you can write, or leave out --stream)\n`);
    expect(readdirSync(dir)).toEqual(['data.csv']);
    expect(readdirSync(out)).toEqual([]);
  });

  it("gives the CSV's errors, leaves no cache behind, and refuses what it cannot do", () => {
    const dir = workdir();
    // A word in a number column below its first row (a word on the first row makes a column of categories).
    const lines = dataCsv(40).split('\n');
    lines[4] = lines[4].replace(/^[^,]*/, 'four');
    writeFileSync(join(dir, 'bad.csv'), lines.join('\n'));
    const streamed = bpnn(['train', 'bad.csv', '--target', 'label', '--stream'], dir);
    const held = bpnn(['train', 'bad.csv', '--target', 'label'], dir);
    expect(streamed.code).toBe(held.code);
    expect(streamed.stderr).toBe(held.stderr);
    expect(streamed.stderr).toContain('bad.csv line 5, column "x1": "four" is not a number');
    expect(existsSync(join(dir, 'bad.csv.bpnn-cache'))).toBe(false);
    writeFileSync(join(dir, 'data.csv'), dataCsv(40));
    const refused = bpnn(['train', 'data.csv', '--target', 'label', '--stream', '--test-split', '0.2', '--patience', '3'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('bpnn: --stream trains a block at a time from the cache file and does not take --test-split, --patience; hold out a separate file and run bpnn evaluate on it\n');
    // Each refusal says its own way out: a full-batch optimiser is not a matter of holding out rows.
    for (const optimizer of ['rprop', 'quickprop', 'lbfgs']) {
      const fullBatch = bpnn(['train', 'data.csv', '--target', 'label', '--stream', '--optimizer', optimizer], dir);
      expect(fullBatch.code).toBe(2);
      expect(fullBatch.stderr).toBe(`bpnn: --stream trains a block at a time from the cache file and does not take --optimizer ${optimizer}; use adam or sgd, which step on a batch at a time\n`);
    }
    const both = bpnn(['train', 'data.csv', '--target', 'label', '--stream', '--test-split', '0.2', '--validation-split', '0.1', '--batch-size', 'full'], dir);
    expect(both.stderr).toBe('bpnn: --stream trains a block at a time from the cache file and does not take --test-split, --validation-split, --batch-size full; hold out a separate file and run bpnn evaluate on it; use adam or sgd, which step on a batch at a time\n');
  });

  it('reads columns of categories in a second pass, and trains the in-memory model bit for bit', () => {
    const dir = workdir();
    const random = new Random(5);
    const rows = Array.from({ length: 2000 }, () => {
      const colour = ['red', 'green', 'blue'][Math.floor(random.next() * 3)];
      const x = Math.round(random.next() * 1000) / 100;
      return `${colour},${x},${(colour === 'red' ? 3 : 0) + x > 6 ? 'yes' : 'no'}`;
    });
    writeFileSync(join(dir, 'colours.csv'), ['colour,x,label', ...rows].join('\n') + '\n');
    const flags = ['--target', 'label', '--dtype', 'float32', '--hidden', '5', '--epochs', '3', '--batch-size', '16'];
    const streamed = bpnn(['train', 'colours.csv', ...flags, '--stream', '--out', 's.bpnn'], dir);
    expect(streamed.stderr).toBe('');
    const held = bpnn(['train', 'colours.csv', ...flags, '--out', 'm.bpnn'], dir);
    const about = (out: string) => out.split('\n').find((line) => line.startsWith('bpnn train:'));
    expect(about(streamed.stdout)).toBe(about(held.stdout));
    expect(about(held.stdout)).toContain('4 inputs (colour: 3 categories, each as one 0/1 input per category)');
    expect(weights(join(dir, 's.bpnn'))).toEqual(weights(join(dir, 'm.bpnn')));
    expect(readModel(readFileSync(join(dir, 's.bpnn'))).categorical).toEqual([{ name: 'colour', categories: ['blue', 'green', 'red'] }]);
    // The cache is reused, categories and all.
    expect(bpnn(['train', 'colours.csv', ...flags, '--stream', '--out', 's2.bpnn'], dir).stdout).toContain('reading the cache');
    expect(weights(join(dir, 's2.bpnn'))).toEqual(weights(join(dir, 's.bpnn')));
  });
});
