/**
 * Odd but plausible input, as a careful user tries it on the built command: flag values at the
 * edges of what a number can be, model files and data that are not what they claim. Each case was
 * once wrong (a late or misnamed error, a silent loss); the test names what it must be now.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { BIN, bpnn, DATA, FIXTURES, oneLine, workdir } from '../test/run.js';

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

describe('a model saved under the name of another format', () => {
  it('train, tune, import and demo refuse --out m.onnx, m.net, m.mjs: the file would be a .bpnn in disguise', () => {
    const dir = workdir();
    const xor = join(FIXTURES, 'fann', 'xor_float.net');
    const runs = [
      [['train', IRIS, '--target', 'species', '--epochs', '1', '--out', 'm.onnx'], 'm.onnx', 'an ONNX', 'm.bpnn'],
      [['tune', IRIS, '--target', 'species', '--trials', '1', '--out', 'Iris Tuned.NET'], 'Iris Tuned.NET', 'a FANN .net', 'Iris Tuned.bpnn'],
      [['import', xor, '-o', 'xor.mjs'], 'xor.mjs', 'a JavaScript', 'xor.bpnn'],
      [['demo', '--epochs', '1', '--out', 'demo.cjs'], 'demo.cjs', 'a JavaScript', 'demo.bpnn'],
    ] as const;
    for (const [args, out, format, saved] of runs) {
      const run = bpnn([...args], { cwd: dir });
      expect(run.code, args[0]).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run.stderr)).toBe(
        `bpnn: --out "${out}" names ${format} file, but the command saves a bpnn model (.bpnn, or .json for its JSON form): save it as "${saved}", then write the other format with bpnn export "${saved}" -o "${out}"`,
      );
    }
    expect(readdirSync(dir)).toEqual([]);
    // The names of a model's own forms, and others, are saved as asked.
    expect(bpnn(['train', IRIS, '--target', 'species', '--epochs', '1', '--out', 'm.json'], { cwd: dir }).code).toBe(0);
    expect(bpnn(['train', IRIS, '--target', 'species', '--epochs', '1', '--out', 'm.model'], { cwd: dir }).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['m.json', 'm.model']);
  });

  it('export refuses --to with an extension that names another format (a .js file is either module)', () => {
    const dir = workdir();
    expect(bpnn(['train', IRIS, '--target', 'species', '--epochs', '1', '--out', 'iris.bpnn'], { cwd: dir }).code).toBe(0);
    const run = bpnn(['export', 'iris.bpnn', '--to', 'onnx', '-o', 'iris.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toBe('bpnn: --to onnx and the extension of "iris.json", which names json, disagree: name the file for the format written, or leave out --to');
    expect(bpnn(['export', 'iris.bpnn', '--to', 'cjs', '-o', 'iris.js'], { cwd: dir }).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['iris.bpnn', 'iris.d.ts', 'iris.js']);
  });
});

describe('a FANN .data file with no samples', () => {
  it('is refused by every command that reads data, naming the file, as a CSV file with a header only is (exit 1)', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'none.data'), '0 2 1\n');
    writeFileSync(join(dir, 'xor.data'), '4 2 1\n0 0\n0\n0 1\n1\n1 0\n1\n1 1\n0\n');
    expect(bpnn(['train', 'xor.data', '--epochs', '1', '--out', 'xor.bpnn'], { cwd: dir }).code).toBe(0);
    const commands = [
      ['train', 'none.data', '--out', 'm.bpnn'],
      ['cv', 'none.data'],
      ['predict', 'xor.bpnn', 'none.data'],
      ['evaluate', 'xor.bpnn', 'none.data'],
      ['explain', 'xor.bpnn', 'none.data'],
      ['gradcheck', 'xor.bpnn', 'none.data'],
    ];
    for (const args of commands) {
      const run = bpnn(args, { cwd: dir });
      expect(run.code, args[0]).toBe(1);
      expect(run.stdout, args[0]).toBe('');
      expect(oneLine(run.stderr)).toBe('bpnn: none.data: has no samples (its first line announces 0)');
    }
  });
});

describe('a class of one row and a large --test-split', () => {
  it('the class stays in the training rows: the model learns it, is scored on the others, and is saved', () => {
    // 6 rows of a, 6 of b, 1 of c: at 0.5 round(0.5) = 1 row of c would be held out, all of it;
    // the model, trained on a and b alone, then failed to score the test rows, after saving itself.
    const dir = workdir();
    const rows = [1, 2, 3, 4, 5, 6].flatMap((i) => [`red,1.${i},a`, `blue,2.${i},b`]);
    writeFileSync(join(dir, 'c.csv'), ['color,size,label', ...rows, 'red,3,c', ''].join('\n'));
    const run = bpnn(['train', 'c.csv', '--target', 'label', '--test-split', '0.5', '--seed', '3', '--epochs', '3', '--out', 'c.bpnn', '--test-out', 'test.csv', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.labels).toEqual(['a', 'b', 'c']);
    expect(result.test.macro.support).toBe(6); // every held-out row scored
    const held = readFileSync(join(dir, 'test.csv'), 'utf8').trim().split('\n').slice(1);
    expect(held.map((line) => line.split(',')[2]).sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
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

describe('train --stream on a file that is not there', () => {
  it('says it cannot read it, as train without --stream does, not an internal error', () => {
    const dir = workdir();
    for (const path of ['gone.csv', join('no folder', 'gone.csv')]) {
      const run = bpnn(['train', path, '--target', 'y', '--stream', '--out', 'm.bpnn'], { cwd: dir });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toBe(`bpnn: cannot read ${path}: no such file`);
      expect(oneLine(bpnn(['train', path, '--target', 'y', '--out', 'm.bpnn'], { cwd: dir }).stderr)).toBe(`bpnn: cannot read ${path}: no such file`);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('an output path that is not a regular file', () => {
  it('a FIFO or a device (as /dev/null) is refused before any work, and left as it was', () => {
    const dir = workdir();
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const targets = ['pipe'];
    // A device of our own, as /dev/null is (1, 3): only root may make one; root may also replace /dev/null itself.
    if (process.getuid?.() === 0) {
      execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
      targets.push('null');
    }
    for (const target of targets) {
      const run = bpnn(['train', IRIS, '--target', 'species', '--epochs', '1', '--out', target], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const kind = target === 'pipe' ? 'a FIFO (named pipe)' : 'a character device';
      expect(oneLine(run.stderr)).toBe(`bpnn: cannot write ${target} (--out): it is ${kind}, not a regular file, which the command would replace by a file (it writes a file beside the target and renames it over it)`);
      expect(lstatSync(join(dir, target)).isFile()).toBe(false);
    }
    expect(readdirSync(dir).sort()).toEqual(targets.sort());
  });

  it('a symbolic link to a model is written through: the link stays, the file it points to is the new model', () => {
    const dir = workdir();
    mkdirSync(join(dir, 'models'));
    symlinkSync(join('models', 'v3.bpnn'), join(dir, 'current.bpnn'));
    writeFileSync(join(dir, 'models', 'v3.bpnn'), 'the old model');
    expect(bpnn(['train', IRIS, '--target', 'species', '--epochs', '1', '--out', 'current.bpnn'], { cwd: dir }).code).toBe(0);
    expect(lstatSync(join(dir, 'current.bpnn')).isSymbolicLink()).toBe(true);
    expect(readModel(readFileSync(join(dir, 'models', 'v3.bpnn'))).network.layers).toEqual([4, 64, 3]);
    expect(readdirSync(join(dir, 'models'))).toEqual(['v3.bpnn']);
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

describe('an empty path', () => {
  it("(a shell variable never set) is a usage error naming the argument or flag, before any work: train once trained, then failed to write ''", () => {
    const dir = workdir();
    const cases: [string[], string][] = [
      [['train', IRIS, '--target', 'species', '--epochs', '1', '--out', ''], '--out is empty: give a file name'],
      [['train', IRIS, '--target', 'species', '--epochs', '1', '--from', ''], '--from is empty: give a file name'],
      [['train', '', '--target', 'species'], '<data> is empty: give a file name (or - for stdin where the command reads it)'],
      [['predict', '', IRIS], '<model> is empty: give a file name (or - for stdin where the command reads it)'],
      [['inspect', ''], '<model> is empty: give a file name (or - for stdin where the command reads it)'],
    ];
    for (const [args, message] of cases) {
      const run = bpnn(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run.stderr)).toBe(`bpnn: ${message}`);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a model read from stdin', () => {
  it('is called stdin in what evaluate, explain, gradcheck and export print, as inspect and a data file from stdin are', () => {
    const dir = workdir();
    expect(bpnn(['train', IRIS, '--target', 'species', '--hidden', '4', '--epochs', '1', '--out', 'iris.bpnn'], { cwd: dir }).code).toBe(0);
    const model = readFileSync(join(dir, 'iris.bpnn'), 'latin1');
    const run = (args: string[]) => {
      const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input: Buffer.from(model, 'latin1'), encoding: 'utf8' });
      expect(result.status, args[0]).toBe(0);
      return result.stdout;
    };
    expect(run(['evaluate', '-', IRIS])).toMatch(/^stdin on .*iris\.csv: 150 rows/);
    expect(JSON.parse(run(['evaluate', '-', IRIS, '--json'])).model).toBe('stdin');
    expect(run(['explain', '-', IRIS])).toMatch(/^explain: stdin, data row 1/);
    expect(run(['gradcheck', '-', IRIS, '--rows', '2'])).toContain('), stdin on the first 2 rows of');
    expect(run(['export', '-', '-o', 'iris.onnx'])).toMatch(/^wrote iris\.onnx: stdin as onnx/);
  });
});

describe('the model and the data the other way round', () => {
  it('is a usage error that says which comes first, not "the model file is damaged: train it again"', () => {
    const dir = workdir();
    expect(bpnn(['train', IRIS, '--target', 'species', '--hidden', '4', '--epochs', '1', '--out', 'iris.bpnn'], { cwd: dir }).code).toBe(0);
    expect(bpnn(['export', 'iris.bpnn', '-o', 'iris.json'], { cwd: dir }).code).toBe(0);
    for (const command of ['predict', 'evaluate', 'explain', 'gradcheck']) {
      for (const model of ['iris.bpnn', 'iris.json']) {
        const run = bpnn([command, IRIS, model], { cwd: dir });
        expect(run.code, `${command} ${model}`).toBe(2);
        expect(oneLine(run.stderr)).toBe(`bpnn: ${model} is a model and ${IRIS} is not: the model comes first (bpnn ${command} ${model} ${IRIS})`);
      }
    }
    // A damaged model in its place is still a damaged model.
    writeFileSync(join(dir, 'bad.bpnn'), 'not a model at all');
    expect(oneLine(bpnn(['predict', 'bad.bpnn', IRIS], { cwd: dir }).stderr)).toMatch(/^bpnn: bad\.bpnn: /);
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
