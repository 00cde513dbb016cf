/** Outputs that are inputs, or each other, are refused before any work; `-` is stdout only where the help says so. */
import { copyFileSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bpnn, DATA, oneLine, workdir } from '../test/run.js';

/** A folder with iris.csv and a model trained on it, m.bpnn. */
function folder(): { dir: string; csv: Buffer; model: Buffer } {
  const dir = workdir();
  copyFileSync(join(DATA, 'iris.csv'), join(dir, 'd.csv'));
  expect(bpnn(['train', 'd.csv', '--target', 'species', '--hidden', '4', '--epochs', '2', '--out', 'm.bpnn'], { cwd: dir }).code).toBe(0);
  return { dir, csv: readFileSync(join(dir, 'd.csv')), model: readFileSync(join(dir, 'm.bpnn')) };
}

describe('outputs', () => {
  it('an output on an input is a usage error naming both, before any work, and the input is kept', () => {
    const { dir, csv, model } = folder();
    symlinkSync('d.csv', join(dir, 'link.csv'));
    const cases: [string[], string][] = [
      [['train', 'd.csv', '--target', 'species', '--out', 'd.csv'], '--out "d.csv" is the same file as <data> "d.csv", which the command reads; give --out another path'],
      [['train', 'd.csv', '--target', 'species', '--out', './link.csv'], '--out "./link.csv" is the same file as <data> "d.csv", which the command reads'],
      [['train', './d.csv', '--target', 'species', '--test-split', '0.2', '--test-out', 'd.csv', '--out', 'n.bpnn'], '--test-out "d.csv" is the same file as <data> "./d.csv", which the command reads'],
      [['train', 'd.csv', '--target', 'species', '--from', 'm.bpnn', '--out', 'm.bpnn'], '--out "m.bpnn" is the same file as --from "m.bpnn", which the command reads'],
      [['predict', 'm.bpnn', 'd.csv', '--out', 'd.csv'], '--out "d.csv" is the same file as <data> "d.csv", which the command reads'],
      [['predict', 'm.bpnn', 'd.csv', '--out', join(dir, 'm.bpnn')], `--out ${JSON.stringify(join(dir, 'm.bpnn'))} is the same file as <model> "m.bpnn", which the command reads`],
      [['tune', 'd.csv', '--target', 'species', '--trials', '1', '--out', 'd.csv'], '--out "d.csv" is the same file as <data> "d.csv", which the command reads'],
      [['export', 'm.bpnn', '--to', 'onnx', '--out', 'm.bpnn'], '--out "m.bpnn" is the same file as <model> "m.bpnn", which the command reads'],
      [['import', 'x.net', '--out', 'x.net'], '--out "x.net" is the same file as <file> "x.net", which the command reads'],
    ];
    for (const [args, message] of cases) {
      const run = bpnn(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(oneLine(run.stderr)).toContain(message);
      expect(run.stdout).toBe(''); // no work: not even the first line of a training
    }
    expect(readFileSync(join(dir, 'd.csv'))).toEqual(csv);
    expect(readFileSync(join(dir, 'm.bpnn'))).toEqual(model);
    expect(readdirSync(dir).sort()).toEqual(['d.csv', 'link.csv', 'm.bpnn']);
  });

  it('two outputs of one run on one path are refused, naming both flags', () => {
    const { dir } = folder();
    const plot = bpnn(['train', 'd.csv', '--target', 'species', '--out', 'p.svg', '--plot', 'p.svg'], { cwd: dir });
    expect(plot.code).toBe(2);
    expect(oneLine(plot.stderr)).toContain('--plot "p.svg" is the same file as --out "p.svg"; give --plot another path');
    const test = bpnn(['train', 'd.csv', '--target', 'species', '--test-split', '0.2', '--test-out', 'o.bpnn', '--out', './o.bpnn'], { cwd: dir });
    expect(test.code).toBe(2);
    expect(oneLine(test.stderr)).toContain('--test-out "o.bpnn" is the same file as --out "./o.bpnn"; give --test-out another path');
    expect(readdirSync(dir).sort()).toEqual(['d.csv', 'm.bpnn']);
  });

  it('--out - is stdout for predict, and refused where the output is a file', () => {
    const { dir } = folder();
    const predicted = bpnn(['predict', 'm.bpnn', 'd.csv', '--out', '-'], { cwd: dir });
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).toBe(bpnn(['predict', 'm.bpnn', 'd.csv'], { cwd: dir }).stdout);
    expect(predicted.stdout.split('\n')[0]).toBe('species');
    for (const args of [['train', 'd.csv', '--target', 'species'], ['export', 'm.bpnn', '--to', 'onnx'], ['demo']]) {
      const run = bpnn([...args, '--out', '-'], { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(oneLine(run.stderr)).toContain('--out - would write a file named "-": this command writes --out to a file only, so give a file name');
    }
    expect(readdirSync(dir).sort()).toEqual(['d.csv', 'm.bpnn']);
  });
});
