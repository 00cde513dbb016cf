/** `bpnn train` end to end: the saved file, the SVG plot, progress on a pipe and a terminal, Ctrl-C. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { readModel, readModelJson } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { BIN, bpnn, DATA, json, oneLine, start, workdir } from '../../test/run.js';

const IRIS = join(DATA, 'iris.csv');

/** Sends Ctrl-C (SIGINT) once training has begun; a run that outlives the test is killed. */
async function interrupt(run: ReturnType<typeof start>, after = 0) {
  try {
    await run.waitFor(/epoch +1\/1000000/);
    await new Promise((r) => setTimeout(r, after));
    run.child.kill('SIGINT');
    return await Promise.race([run.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 30 s after Ctrl-C')), 30_000))]);
  } finally {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  }
}

describe('bpnn train', () => {
  it('saves DATA-name.bpnn by default, says so, and the file loads with the training record', () => {
    const dir = workdir();
    const run = bpnn(['train', IRIS, '--target', 'species', '--hidden', '8', '--epochs', '20'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('saved the model to iris.bpnn (the default name; --out chooses another)');
    expect(run.stdout).toContain('→ species (classification, inferred from its values');
    const model = readModel(readFileSync(join(dir, 'iris.bpnn')));
    expect(model.training).toMatchObject({ epochs: 20, stoppedBy: 'epochs', seed: 42 });
    // write-to-temp + rename leaves no temporary file behind
    expect(readdirSync(dir).sort()).toEqual(['iris.bpnn']);
  });

  it('on a pipe prints plain progress lines: no bar, no carriage returns, no escape codes', () => {
    const run = bpnn(['train', IRIS, '--target', 'species', '--hidden', '8', '--epochs', '30', '--validation-split', '0.2', '--out', 'x.bpnn'], { cwd: workdir() });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\r\x1b█░]/);
    expect(run.stdout).toMatch(/^ {2}epoch {2}1\/30 {2}loss [\d.]+ {2}val loss [\d.]+/m);
    expect(run.stdout).toMatch(/^ {2}epoch 30\/30 /m);
    expect(run.stdout).not.toContain('* training loss'); // the chart is for terminals
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('on a terminal (a pseudo-terminal from util-linux script; skipped when script is missing) redraws a progress bar in place and draws the loss chart', () => {
    const dir = workdir();
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} train ${JSON.stringify(IRIS)} --target species --hidden 8 --epochs 40 --validation-split 0.2 --out t.bpnn`;
    const run = spawnSync('script', ['-qefc', command, '/dev/null'], { cwd: dir, encoding: 'utf8', input: '', timeout: 60_000 });
    expect(run.status).toBe(0);
    const out = run.stdout;
    // (the pty has no size, so the bar assumes 80 columns, where the samples/s give way to the bar)
    expect(out).toMatch(/\repoch +\d+\/40 \[[█░]{10,}\] +\d+% {2}loss [\d.]+ {2}val [\d.]+ {2}(.*samples\/s {2})?\d+:\d\d left\x1b\[K/);
    expect(out).toContain('\repoch 40/40');
    expect(out).toContain('* training loss   o validation loss');
    expect(out).toMatch(/┤[ *o#]+\r?\n/);
    expect(existsSync(join(dir, 't.bpnn'))).toBe(true);
  });

  it('--plot writes an SVG with axes, a legend and one polyline point per epoch for each curve', () => {
    const dir = workdir();
    const result = json(bpnn(['train', IRIS, '--target', 'species', '--hidden', '8', '--epochs', '25', '--validation-split', '0.2', '--plot', 'curve.svg', '--out', 'm.json', '--json'], { cwd: dir }));
    const svg = readFileSync(join(dir, 'curve.svg'), 'utf8');
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(svg, 'image/svg+xml');
    expect(errors).toEqual([]);
    expect(doc.documentElement!.nodeName).toBe('svg');
    const polylines = Array.from(doc.getElementsByTagName('polyline'));
    expect(polylines.map((p) => p.getAttribute('data-name'))).toEqual(['training loss', 'validation loss']);
    const points = polylines.map((p) => p.getAttribute('points')!.trim().split(/\s+/).map((xy) => xy.split(',').map(Number)));
    for (const curve of points) {
      expect(curve).toHaveLength(25);
      const xs = curve.map(([x]) => x);
      expect([...xs].sort((a, b) => a - b)).toEqual(xs); // epochs left to right
    }
    // the curve's heights follow the recorded losses: the highest loss is drawn highest (smallest y)
    const losses = result.history.map((h: { loss: number }) => h.loss);
    const highest = losses.indexOf(Math.max(...losses));
    expect(points[0][highest][1]).toBe(Math.min(...points[0].map(([, y]) => y)));
    const texts = Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent);
    expect(texts).toContain('epoch');
    expect(texts).toContain('training loss');
    expect(texts).toContain('validation loss');
    expect(readModelJson(readFileSync(join(dir, 'm.json'), 'utf8')).network.layers).toEqual([4, 8, 3]);
  });

  it('--patience stops early and restores the best epoch; --json reports it', () => {
    const result = json(bpnn(['train', join(DATA, 'diabetes.csv'), '--target', 'progression', '--hidden', '16', '--epochs', '400', '--learning-rate', '0.05', '--patience', '5', '--out', 'd.bpnn', '--json'], { cwd: workdir() }));
    expect(result.stoppedBy).toBe('early-stopping');
    expect(result.epochs).toBeLessThan(400);
    const best = Math.min(...result.history.map((h: { valLoss: number }) => h.valLoss));
    expect(result.finalValLoss).toBe(best);
    expect(result.history[result.bestEpoch - 1].valLoss).toBe(best);
  });

  it('Ctrl-C without early stopping saves the weights of the last complete epoch and exits 130', async () => {
    const dir = workdir();
    const run = start(['train', IRIS, '--target', 'species', '--hidden', '8', '--epochs', '1000000', '--no-early-stopping', '--out', 'stopped.bpnn'], dir);
    const result = await interrupt(run);
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('stopping after the batch in flight and saving the model');
    expect(result.stdout).toMatch(/interrupted \(Ctrl-C\) after \d+ complete epochs; kept the weights at the stop/);
    const model = readModel(readFileSync(join(dir, 'stopped.bpnn')));
    expect(model.training?.stoppedBy).toBe('aborted');
    expect(model.training?.epochs).toBeLessThan(1000000);
    expect(model.training?.bestEpoch).toBe(model.training?.epochs);
  });

  it('Ctrl-C with early stopping saves the best epoch\'s weights', async () => {
    const dir = workdir();
    const run = start(['train', IRIS, '--target', 'species', '--hidden', '8', '--epochs', '1000000', '--patience', '1000000', '--out', 'best.bpnn'], dir);
    const result = await interrupt(run, 300);
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/with early stopping, restored the best weights, from epoch \d+/);
    const model = readModel(readFileSync(join(dir, 'best.bpnn')));
    expect(model.training?.stoppedBy).toBe('aborted');
    expect(model.training?.valLoss).toBeDefined();
  });

  it('a model file that exists is replaced whole, and kept as it was when training fails', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'keep.bpnn'), 'the old file');
    const diverged = bpnn(['train', IRIS, '--target', 'species', '--optimizer', 'sgd', '--learning-rate', '1e9', '--epochs', '50', '--out', 'keep.bpnn'], { cwd: dir });
    expect(diverged.code).toBe(1);
    expect(oneLine(diverged.stderr)).toMatch(/training diverged in epoch \d+ .*Nothing was saved$/);
    expect(readFileSync(join(dir, 'keep.bpnn'), 'utf8')).toBe('the old file');
    expect(bpnn(['train', IRIS, '--target', 'species', '--epochs', '2', '--out', 'keep.bpnn'], { cwd: dir }).code).toBe(0);
    expect(readModel(readFileSync(join(dir, 'keep.bpnn'))).training?.epochs).toBe(2);
    expect(readdirSync(dir)).toEqual(['keep.bpnn']);
  });

  it('--from continues a saved model: 10 epochs and 10 more are 20 straight, bit for bit', () => {
    const dir = workdir();
    const common = ['--target', 'species', '--epochs', '10', '--dropout', '0.1'];
    expect(bpnn(['train', IRIS, ...common, '--hidden', '4', '--seed', '7', '--out', 'first.bpnn'], { cwd: dir }).code).toBe(0);
    const run = bpnn(['train', IRIS, ...common, '--from', 'first.bpnn', '--out', 'continued.bpnn'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('continued first.bpnn: its weights and adam state after 10 epochs, exactly as if training had not stopped');
    expect(bpnn(['train', IRIS, '--target', 'species', '--epochs', '20', '--dropout', '0.1', '--hidden', '4', '--seed', '7', '--out', 'straight.bpnn'], { cwd: dir }).code).toBe(0);
    const weights = (name: string) => Array.from(readModel(readFileSync(join(dir, name))).network.params);
    expect(weights('continued.bpnn')).toEqual(weights('straight.bpnn'));
    const shaped = bpnn(['train', IRIS, ...common, '--from', 'first.bpnn', '--hidden', '8'], { cwd: dir });
    expect(shaped.code).toBe(2);
    expect(shaped.stderr).toContain('--hidden cannot be given with --from: the model to continue decides its architecture, scaling, columns and task');
  });

  it('--no-checkpoint saves the same weights without the optimiser state; --from then starts the optimiser afresh', () => {
    const dir = workdir();
    const common = ['--target', 'species', '--epochs', '10', '--hidden', '16', '--seed', '3'];
    expect(bpnn(['train', IRIS, ...common, '--out', 'full.bpnn'], { cwd: dir }).code).toBe(0);
    expect(bpnn(['train', IRIS, ...common, '--no-checkpoint', '--out', 'weights.bpnn'], { cwd: dir }).code).toBe(0);
    const full = readModel(readFileSync(join(dir, 'full.bpnn')));
    const slim = readModel(readFileSync(join(dir, 'weights.bpnn')));
    expect(full.checkpoint?.optimizer.name).toBe('adam');
    expect(slim.checkpoint).toBeUndefined();
    expect(Array.from(slim.network.params)).toEqual(Array.from(full.network.params));
    expect({ ...slim.training, seconds: 0 }).toEqual({ ...full.training, seconds: 0 });
    // Adam keeps two moments per parameter (float32, the automatic dtype): at least that much less.
    const saved = readFileSync(join(dir, 'full.bpnn')).length - readFileSync(join(dir, 'weights.bpnn')).length;
    expect(saved).toBeGreaterThanOrEqual(2 * full.network.parameterCount * 4);
    const run = bpnn(['train', IRIS, '--target', 'species', '--epochs', '2', '--from', 'weights.bpnn', '--out', 'more.bpnn'], { cwd: dir });
    expect(run.stdout).toContain('continued weights.bpnn: its weights (the file has no checkpoint, so the optimiser started afresh)');
    // other data: the weights go on, Adam starts afresh (its state and order of rows are of the other rows)
    writeFileSync(join(dir, 'fewer.csv'), readFileSync(IRIS, 'utf8').split('\n').slice(0, 100).join('\n') + '\n');
    const other = bpnn(['train', 'fewer.csv', '--target', 'species', '--epochs', '2', '--from', 'full.bpnn', '--out', 'other.bpnn'], { cwd: dir });
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('continued full.bpnn: its weights (its checkpoint was made on other training rows (150; these are 99), so adam started afresh)');
    expect(readModel(readFileSync(join(dir, 'other.bpnn'))).training?.continued).toEqual({ epochs: full.training?.epochs, optimizerState: false });
  });

  it('--test-split that leaves no row on a side says so, as --validation-split does, before training', () => {
    const dir = workdir();
    for (const [file, target, split, message] of [
      // (A classification's split is stratified and leaves each class a row to train on, so only too small a share is refused.)
      [IRIS, 'species', '0.001', '--test-split 0.001 of 150 rows leaves 150 rows to train on and 0 to test on; each part needs at least one row'],
      [join(DATA, 'diabetes.csv'), 'progression', '0.999', '--test-split 0.999 of 442 rows leaves 0 rows to train on and 442 to test on; each part needs at least one row'],
      [join(DATA, 'diabetes.csv'), 'progression', '0.001', '--test-split 0.001 of 442 rows leaves 442 rows to train on and 0 to test on; each part needs at least one row'],
    ]) {
      const run = bpnn(['train', file, '--target', target, '--test-split', split, '--test-out', 't.csv', '--out', 'm.bpnn'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toBe(`bpnn: ${message}`);
      expect(run.stdout).toBe('');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--patience on a set too small for its validation hold-out is refused as --validation-split is', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'two.csv'), 'a,b\n1,2\n3,4\n');
    const implied = bpnn(['train', 'two.csv', '--target', 'b', '--patience', '3', '--out', 'm.bpnn'], { cwd: dir });
    expect(implied.code).toBe(2);
    expect(oneLine(implied.stderr)).toBe(
      "bpnn: --patience validates on 0.2 of the training rows (--validation-split's share with --patience), and 0.2 of 2 rows leaves 2 to train on and 0 to validate on; both need at least one: give --validation-split a share that leaves a row on each side, or leave out --patience (training then stops when the training loss stops improving)",
    );
    expect(implied.stdout).not.toContain('saved the model');
    const named = bpnn(['train', 'two.csv', '--target', 'b', '--validation-split', '0.2', '--out', 'm.bpnn'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(oneLine(named.stderr)).toBe('bpnn: --validation-split 0.2 of 2 rows leaves 2 to train on and 0 to validate on; both need at least one');
    expect(readdirSync(dir)).toEqual(['two.csv']);
    // A share that leaves a row on each side trains and validates.
    const half = json(bpnn(['train', 'two.csv', '--target', 'b', '--patience', '3', '--validation-split', '0.5', '--epochs', '4', '--out', 'm.bpnn', '--json'], { cwd: dir }));
    expect(half.history[0].valLoss).toEqual(expect.any(Number));
  });

  it('passes the optimiser flags to core: rprop trains full batch, sgd with Nesterov momentum', () => {
    const dir = workdir();
    const rprop = json(bpnn(['train', IRIS, '--target', 'species', '--hidden', '4', '--optimizer', 'rprop', '--epochs', '30', '--out', 'r.bpnn', '--json'], { cwd: dir }));
    expect(rprop.history.at(-1).loss).toBeLessThan(rprop.history[0].loss);
    const model = readModel(readFileSync(join(dir, 'r.bpnn')));
    expect(model.training?.options.optimizer).toEqual({ name: 'rprop' });
    json(bpnn(['train', IRIS, '--target', 'species', '--optimizer', 'sgd', '--learning-rate', '0.1', '--momentum', '0.9', '--nesterov', '--batch-size', '16', '--dtype', 'float32', '--l2', '0.001', '--scaling', 'minmax', '--threads', '2', '--epochs', '3', '--out', 's.bpnn', '--json'], { cwd: dir }));
    const sgd = readModel(readFileSync(join(dir, 's.bpnn')));
    expect(sgd.training?.options).toMatchObject({ optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, batchSize: 16, dtype: 'float32', l2: 0.001, scaling: 'minmax', threads: 2 });
    expect(sgd.network.dtype).toBe('float32');
    expect(sgd.inputScaler.kind).toBe('minmax');
  });
});
