/**
 * Files a careful user hands the built command: model files and data that are not what they
 * claim or are given in the wrong place, output paths that are empty, devices, links or the name
 * of another format, stdin. Each case was once wrong (a late or misnamed error, a file damaged or
 * a class lost); the test says what it must be now.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { BIN, bpnn, DATA, FIXTURES, oneLine, workdir } from '../test/run.js';

const IRIS = join(DATA, 'iris.csv');

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
