/**
 * Flags a careful user gets wrong, on the built command: numbers at the edges of what a number
 * can be, values core refuses (named by the flag), flags that do not go together or do not apply
 * to the data or the format (refused, never ignored). Each case was once wrong; the test says
 * what it must be now.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bpnn, DATA, FIXTURES, oneLine, workdir } from '../test/run.js';

const IRIS = join(DATA, 'iris.csv');

describe('flag values at the edges', () => {
  it('a seed beyond 2^53 − 1 is a usage error naming --seed, before any training', () => {
    const dir = workdir();
    for (const seed of ['9007199254740993', '1e20']) {
      const run = bpnn(['train', IRIS, '--target', 'species', '--epochs', '1', '--seed', seed, '--out', 'm.bpnn'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run.stderr)).toBe(`bpnn: --seed must be a whole number from 0 to 9007199254740991 (2^53 − 1), got "${seed}" (see --help)`);
    }
  });
});

describe('numbers in flags are read as CSV cells are: decimal', () => {
  it('--epochs 0x10 and --hidden 0b100 are usage errors (they trained 16 epochs and 4 neurons); 1e1 is 10', () => {
    const dir = workdir();
    for (const [flag, value, what] of [['--epochs', '0x10', 'a whole number ≥ 1'], ['--hidden', '0b100', 'a comma-separated list of whole numbers ≥ 1 (or none)'], ['--learning-rate', 'Infinity', 'a number > 0']]) {
      const run = bpnn(['train', IRIS, '--target', 'species', flag, value, '--out', 'm.bpnn'], { cwd: dir });
      expect(run.code, flag).toBe(2);
      expect(oneLine(run.stderr)).toBe(`bpnn: ${flag} must be ${what}, got "${value}" (see --help)`);
    }
    expect(readdirSync(dir)).toEqual([]);
    expect(JSON.parse(bpnn(['train', IRIS, '--target', 'species', '--epochs', '1e1', '--no-early-stopping', '--out', 'm.bpnn', '--json'], { cwd: dir }).stdout).epochs).toBe(10);
  });
});

describe('core refusing a flag value names the flag, not the library option', () => {
  it('--dropout, --class-weights, --schedule and --validation-split by their flags; a default left to core by its option', () => {
    const dir = workdir();
    const refusal = (...flags: string[]) => {
      const run = bpnn(['train', IRIS, '--target', 'species', '--epochs', '2', '--out', 'm.bpnn', ...flags], { cwd: dir });
      expect(run.code, flags.join(' ')).toBe(2);
      return oneLine(run.stderr);
    };
    expect(refusal('--dropout', '0.5,0.5')).toBe('bpnn: --dropout must be a share in [0, 1) or one per hidden layer (1 here), such as 0.2, got [0.5, 0.5]');
    expect(refusal('--class-weights', 'setosa=1,rose=2')).toBe('bpnn: --class-weights rose is not a class; the classes are setosa, versicolor, virginica');
    expect(refusal('--schedule', 'step:every=0')).toBe('bpnn: --schedule every must be a whole number ≥ 1, got 0');
    expect(refusal('--validation-split', '0.001')).toBe('bpnn: --validation-split 0.001 of 150 rows leaves 150 to train on and 0 to validate on; both need at least one');
    expect(refusal('--loss', 'binary-cross-entropy')).toMatch(/^bpnn: --loss binary-cross-entropy treats each output as an independent probability/);
    // The loss was not given: its default is named as core names it.
    expect(refusal('--output-activation', 'relu')).toMatch(/^bpnn: loss categorical-cross-entropy needs the outputs to be one probability distribution/);
  });

  it("import's --inputs and --outputs by their flags, not core's inputNames and targetNames", () => {
    const dir = workdir();
    const xor = join(FIXTURES, 'fann', 'xor_float.net');
    const inputs = bpnn(['import', xor, '-o', 'x.bpnn', '--inputs', 'a'], { cwd: dir });
    expect(inputs.code).toBe(2);
    expect(oneLine(inputs.stderr)).toBe('bpnn: --inputs names 1 columns, the network takes 2');
    const outputs = bpnn(['import', xor, '-o', 'x.bpnn', '--outputs', 'p,q'], { cwd: dir });
    expect(outputs.code).toBe(2);
    expect(oneLine(outputs.stderr)).toBe('bpnn: --outputs names 2 targets, the network has 1 outputs');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a column whose name holds a comma', () => {
  it('is named in double quotes, as in the CSV file, by --target and --features', () => {
    const dir = workdir();
    const rows = Array.from({ length: 12 }, (_, i) => `${i},${i % 3},${2 * i + 1}`);
    writeFileSync(join(dir, 'p.csv'), ['size,"rooms, count","Price, USD"', ...rows, ''].join('\n'));
    const split = bpnn(['train', 'p.csv', '--target', 'Price, USD', '--out', 'p.bpnn'], { cwd: dir });
    expect(split.code).toBe(1);
    expect(oneLine(split.stderr)).toBe('bpnn: p.csv: no target column "Price"; the columns are "size", "rooms, count", "Price, USD"');
    const run = bpnn(['train', 'p.csv', '--target', '"Price, USD"', '--features', 'size,"rooms, count"', '--epochs', '2', '--out', 'p.bpnn', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const model = JSON.parse(bpnn(['inspect', 'p.bpnn', '--json'], { cwd: dir }).stdout);
    expect([model.inputNames, model.targetNames]).toEqual([['size', 'rooms, count'], ['Price, USD']]);
  });
});

describe('gradcheck: the flags of the other kind of check', () => {
  it('a fresh network refuses the model data flags, a model refuses --samples: neither is ignored', () => {
    const dir = workdir();
    expect(bpnn(['train', IRIS, '--target', 'species', '--hidden', '4', '--epochs', '1', '--out', 'iris.bpnn'], { cwd: dir }).code).toBe(0);
    const fresh = bpnn(['gradcheck', '--layers', '2,3,1', '--rows', '4'], { cwd: dir });
    expect(fresh.code).toBe(2);
    expect(oneLine(fresh.stderr)).toBe("bpnn: --rows applies to a model's data (bpnn gradcheck MODEL DATA.csv), not to a fresh network, which is checked on --samples random samples");
    expect(oneLine(bpnn(['gradcheck', '--layers', '2,3,1', '--delimiter', ';'], { cwd: dir }).stderr)).toMatch(/^bpnn: --delimiter applies to a model's data/);
    const model = bpnn(['gradcheck', 'iris.bpnn', IRIS, '--samples', '4'], { cwd: dir });
    expect(model.code).toBe(2);
    expect(oneLine(model.stderr)).toBe('bpnn: --samples applies to a fresh network (--layers), not to a model');
    // Each with its own flags checks as asked.
    expect(bpnn(['gradcheck', '--layers', '2,3,1', '--samples', '3'], { cwd: dir }).stdout).toContain('a fresh network on 3 random samples');
    expect(bpnn(['gradcheck', 'iris.bpnn', IRIS, '--rows', '3'], { cwd: dir }).stdout).toContain(`iris.bpnn on the first 3 rows of ${IRIS}`);
  });
});

describe('export: --outputs of another format', () => {
  it('is refused for onnx, json and fann, as --name and --dtype are, not ignored', () => {
    const dir = workdir();
    expect(bpnn(['train', IRIS, '--target', 'species', '--hidden', '4', '--epochs', '1', '--out', 'iris.bpnn'], { cwd: dir }).code).toBe(0);
    for (const [out, format] of [['iris.onnx', 'onnx'], ['iris.json', 'json']]) {
      const run = bpnn(['export', 'iris.bpnn', '-o', out, '--outputs', 'object'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(oneLine(run.stderr)).toBe(`bpnn: --outputs applies to --to js or cjs, not ${format}`);
    }
    expect(readdirSync(dir)).toEqual(['iris.bpnn']);
    expect(bpnn(['export', 'iris.bpnn', '-o', 'iris.mjs', '--outputs', 'object'], { cwd: dir }).code).toBe(0);
  });
});

describe('--target-scaling on a classification', () => {
  it('is refused by train and cv (the targets are classes), not ignored', () => {
    const dir = workdir();
    for (const command of ['train', 'cv']) {
      const run = bpnn([command, IRIS, '--target', 'species', '--target-scaling', 'minmax', '--epochs', '1', ...(command === 'train' ? ['--out', 'm.bpnn'] : [])], { cwd: dir });
      expect(run.code, command).toBe(2);
      expect(oneLine(run.stderr)).toBe("bpnn: --target-scaling scales a regression's targets, but the task is classification (its targets are classes); leave it out");
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("the CSV reader's flags with a FANN .data file", () => {
  it('are refused, naming the flag, by train, predict and evaluate, not ignored', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'xor.data'), '4 2 1\n0 0\n0\n0 1\n1\n1 0\n1\n1 1\n0\n');
    expect(bpnn(['train', 'xor.data', '--epochs', '1', '--out', 'xor.bpnn'], { cwd: dir }).code).toBe(0);
    const message = (flag: string) => `bpnn: ${flag} applies to CSV files; xor.data is FANN data, whose numbers are separated by spaces and written with a decimal point`;
    for (const [args, flag] of [
      [['train', 'xor.data', '--delimiter', ';', '--out', 'm.bpnn'], '--delimiter'],
      [['predict', 'xor.bpnn', 'xor.data', '--delimiter', ';', '--decimal', ','], '--delimiter'],
      [['evaluate', 'xor.bpnn', 'xor.data', '--encoding', 'latin1'], '--encoding'],
    ] as const) {
      const run = bpnn([...args], { cwd: dir });
      expect(run.code, args[0]).toBe(2);
      expect(oneLine(run.stderr)).toBe(message(flag));
    }
    expect(bpnn(['evaluate', 'xor.bpnn', 'xor.data', '--encoding', 'utf8'], { cwd: dir }).code).toBe(0); // the default, by another name
  });
});
