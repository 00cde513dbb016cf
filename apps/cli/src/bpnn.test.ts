/** The `bpnn` command as a whole: demo, help and version, and every kind of error and its exit code. */
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readModel } from '@bpnn/serialize';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, bpnn, DATA, FIXTURES, oneLine, workdir } from '../test/run.js';

const IRIS = join(DATA, 'iris.csv');

describe('bpnn demo', () => {
  it('trains on the bundled iris data, reports accuracy and a confusion matrix, and saves the model', () => {
    const { code, stdout, stderr } = bpnn(['demo']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const accuracy = Number(/test accuracy: ([\d.]+)/.exec(stdout)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(stdout).toMatch(/epoch {2}200\/200 {2}loss [\d.]+/);
    expect(stdout).toMatch(/actual \\ predicted\s+setosa\s+versicolor\s+virginica/);
    const saved = join(tmpdir(), 'bpnn-demo-iris.bpnn');
    expect(stdout).toContain(`saved the model to ${saved}; try: bpnn inspect ${saved}`);
  });

  it('--json prints one parseable object; --out saves a model that scores what the demo reported', () => {
    const dir = workdir();
    const { code, stdout } = bpnn(['demo', '--json', '--epochs', '50', '--seed', '3', '--out', 'demo.bpnn'], { cwd: dir });
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.layers).toEqual([4, 64, 3]);
    expect(result.epochs).toBe(50);
    expect(result.saved).toBe('demo.bpnn');
    expect(result.confusion.counts.flat().reduce((a: number, b: number) => a + b)).toBe(30);
    expect(result.testAccuracy).toBeGreaterThan(0.8);
    expect(readModel(readFileSync(join(dir, 'demo.bpnn'))).training?.epochs).toBe(50);
  });

  it('is reproducible: the same seed prints the same numbers', () => {
    const strip = (text: string) => text.replace(/\([\d.]+ s\)|in [\d.]+ s/g, '');
    expect(strip(bpnn(['demo', '--seed', '9', '--epochs', '30']).stdout)).toBe(strip(bpnn(['demo', '--seed', '9', '--epochs', '30']).stdout));
  });
});

describe('help and version', () => {
  it('--version and --help exit 0; every command has --help with an example', () => {
    expect(bpnn(['--version'])).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const top = bpnn(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['demo', 'train', 'predict', 'evaluate', 'inspect', 'explain', 'gradcheck', 'export', 'import']) {
      expect(top.stdout).toContain(`  ${command}`);
      const help = bpnn([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/Examples?:\n {2}\$ bpnn /);
    }
  });
});

describe('errors: one line on stderr, exit 2 for usage, 1 for data, models and files', () => {
  let dir: string;
  beforeAll(() => {
    dir = workdir();
    expect(bpnn(['train', IRIS, '--target', 'species', '--hidden', '4', '--epochs', '5', '--out', 'ok.bpnn'], { cwd: dir }).code).toBe(0);
  });

  const usage: [string[], RegExp][] = [
    [['frobnicate'], /^bpnn: unknown command 'frobnicate' \(see --help\)$/],
    [['predict', 'ok.bpnn'], /missing required argument 'data'/],
    [['train', IRIS], /required option '-t, --target <columns>' not specified/],
    [['train', IRIS, '--target', 'species', '--hidden', '32,x'], /^bpnn: --hidden must be a comma-separated list of whole numbers ≥ 1 \(or none\), got "32,x" \(see --help\)$/],
    [['train', IRIS, '--target', 'species', '--epochs', 'lots'], /--epochs must be a whole number ≥ 1, got "lots"/],
    [['train', IRIS, '--target', 'species', '--learning-rate', '-0.1'], /--learning-rate must be a number > 0, got "-0\.1"/],
    [['train', IRIS, '--target', 'species', '--validation-split', '1.5'], /--validation-split must be a number ≥ 0 and < 1, got "1\.5"/],
    [['train', IRIS, '--target', 'species', '--task', 'clustering'], /--task must be one of classification, regression, got "clustering"/],
    [['train', IRIS, '--target', 'species', '--activation', 'swish'], /--activation must be one of sigmoid, tanh, relu/],
    [['train', IRIS, '--target', 'species', '--momentum', '0.9'], /^bpnn: --momentum does not apply to --optimizer adam$/],
    [['train', IRIS, '--target', 'species', '--optimizer', 'rprop', '--batch-size', '8'], /--batch-size must be full for --optimizer rprop/],
    [['train', IRIS, '--target', 'species', '--loss', 'binary-cross-entropy'], /binary-cross-entropy .* softmax/],
    [['train', IRIS, '--target', 'species', '--plot', 'curve.png'], /--plot writes SVG/],
    [['explain', 'ok.bpnn', IRIS, '--row', '151'], /--row 151 is past the last data row of .*iris\.csv \(it has 150\)/],
    [['export', 'ok.bpnn', '-o', 'model.txt'], /--to is needed/],
    [['gradcheck'], /give a model and data .* or a fresh network/],
    [['predict', '-', '-'], /only one of the model and the data can come from stdin/],
    [['train', IRIS, '--target', 'species', '--delimiter', '"'], /^bpnn: --delimiter cannot be a quote or a line break, which CSV reads as quoting and as the end of a row, got "\\"" \(see --help\)$/],
    [['predict', 'ok.bpnn', IRIS, '--delimiter', '\n'], /^bpnn: --delimiter cannot be a quote or a line break, .*got "\\n"/],
    [['evaluate', 'ok.bpnn', IRIS, '--delimiter', '\r'], /^bpnn: --delimiter cannot be a quote or a line break, .*got "\\r"/],
    [['explain', 'ok.bpnn', IRIS, '--delimiter', ';;'], /^bpnn: --delimiter must be one character, got ";;"/],
    [['import', join(FIXTURES, 'fann', 'xor_float.net'), '--out', 'x.bpnn', '--target', 'xor'], /^bpnn: --target names the class column of a classifier, so it needs --labels \(a class per output\); without --labels the outputs are values of a regression, which --outputs names$/],
  ];
  it.each(usage)('usage error: bpnn %j', (args, message) => {
    const run = bpnn(args, { cwd: dir });
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toMatch(message);
    // Flags are checked before anything is printed; a configuration core refuses is found when
    // the network is built, after train's header lines.
    if (!args.includes('--loss')) expect(run.stdout).toBe('');
  });

  it('a missing file: exit 1, "cannot read FILE: no such file"', () => {
    for (const args of [['train', 'data.csv', '--target', 'y'], ['predict', 'ok.bpnn', 'data.csv'], ['inspect', 'nope.bpnn'], ['evaluate', 'nope.bpnn', IRIS]]) {
      const run = bpnn(args, { cwd: dir });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toMatch(/^bpnn: cannot read (data\.csv|nope\.bpnn): no such file$/);
    }
    // a data file that fails while it is streamed in (a folder) gets the same kind of message
    for (const args of [['predict', 'ok.bpnn', '.'], ['train', '.', '--target', 'y'], ['inspect', '.']]) {
      const run = bpnn(args, { cwd: dir });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toBe('bpnn: cannot read .: it is a directory');
    }
  });

  it('a model path that is not a regular file (a symlink to /dev/zero, a FIFO): exit 1 at once, naming it', () => {
    symlinkSync('/dev/zero', join(dir, 'zero.bpnn'));
    expect(spawnSync('mkfifo', [join(dir, 'fifo.bpnn')]).status).toBe(0);
    const cases: Array<[string[], string]> = [
      [['predict', 'zero.bpnn', IRIS], 'bpnn: cannot read zero.bpnn: it is a character device, not a regular file'],
      [['inspect', 'zero.bpnn'], 'bpnn: cannot read zero.bpnn: it is a character device, not a regular file'],
      [['inspect', 'fifo.bpnn'], 'bpnn: cannot read fifo.bpnn: it is a FIFO (named pipe), not a regular file'],
      [['import', 'zero.bpnn', '--from', 'fann', '--out', 'x.bpnn'], 'bpnn: cannot read zero.bpnn: it is a character device, not a regular file'],
      [['inspect', 'sparse.bpnn'], 'bpnn: cannot read sparse.bpnn: it is larger than a model file can be (1073741824 bytes)'],
    ];
    writeFileSync(join(dir, 'sparse.bpnn'), '');
    truncateSync(join(dir, 'sparse.bpnn'), 2 * 1024 ** 3); // 2 GiB of holes: takes no space
    for (const [args, message] of cases) {
      // Bounded: before the check, /dev/zero was read for ever (about 190 MB/s).
      const run = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 15_000, input: '' });
      expect(run.signal, args.join(' ')).toBeNull();
      expect(run.status, args.join(' ')).toBe(1);
      expect(oneLine(run.stderr)).toBe(message);
    }
  });

  it('an unknown column: training on a target the file lacks, predicting from a file with missing or extra columns', () => {
    const target = bpnn(['train', IRIS, '--target', 'colour'], { cwd: dir });
    expect(target.code).toBe(1);
    expect(oneLine(target.stderr)).toMatch(/no target column "colour"; the columns are "sepal length \(cm\)"/);
    writeFileSync(join(dir, 'missing.csv'), 'sepal length (cm),sepal width (cm),petal length (cm)\n5,3,1\n');
    const missing = bpnn(['predict', 'ok.bpnn', 'missing.csv'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(oneLine(missing.stderr)).toBe(`bpnn: missing.csv: missing the model's input column "petal width (cm)"; the model takes "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"`);
    writeFileSync(join(dir, 'extra.csv'), 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),colour\n5,3,1,0.2,blue\n');
    const extra = bpnn(['predict', 'ok.bpnn', 'extra.csv'], { cwd: dir });
    expect(extra.code).toBe(1);
    expect(oneLine(extra.stderr)).toMatch(/extra\.csv: column "colour" is not among the model's inputs/);
    writeFileSync(join(dir, 'bad-value.csv'), 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5,3,one,0.2\n');
    const value = bpnn(['predict', 'ok.bpnn', 'bad-value.csv'], { cwd: dir });
    expect(value.code).toBe(1);
    expect(oneLine(value.stderr)).toMatch(/bad-value\.csv line 2, column "petal length \(cm\)": "one" is not a number/);
  });

  it('an output where no file can be made is refused before any work (a virtual file system, a read-only folder)', () => {
    const run = bpnn(['train', IRIS, '--target', 'species', '--epochs', '2', '--out', '/proc/model.bpnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(''); // nothing trained
    expect(oneLine(run.stderr)).toBe('bpnn: cannot write /proc/model.bpnn (--out): no file can be made in /proc');
  });

  it('a missing value among a numeric target: named by its file, data row and column; --task classification takes it as a class', () => {
    writeFileSync(join(dir, 'gap.csv'), 'x,y\n1,1.5\n2,2.5\n\n3,NA\n4,4.5\n');
    const run = bpnn(['train', 'gap.csv', '--target', 'y', '--epochs', '1', '--out', 'gap.bpnn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toBe('bpnn: gap.csv data row 3, column "y": "NA" is a missing value among the target\'s numbers: a target cannot be missing; leave out those rows (or, if it is a class, give --task classification)');
    expect(bpnn(['train', 'gap.csv', '--target', 'y', '--task', 'classification', '--epochs', '1', '--out', 'gap.bpnn'], { cwd: dir }).code).toBe(0);
  });

  it("a regression's target that is not a number: named by its file, data row and column, exit 1", () => {
    const train = bpnn(['train', IRIS, '--target', 'species', '--task', 'regression'], { cwd: dir });
    expect(train.code).toBe(1);
    expect(oneLine(train.stderr)).toBe(`bpnn: ${IRIS} data row 1, column "species": "setosa" is not a number, and a regression's targets are numbers (--task regression)`);
    expect(bpnn(['train', join(DATA, 'diabetes.csv'), '--target', 'progression', '--epochs', '2', '--out', 'diabetes.bpnn'], { cwd: dir }).code).toBe(0);
    writeFileSync(join(dir, 'words.csv'), 'age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression\n59,2,32.1,101,157,93.2,38,4,4.8598,87,151\n\n59,2,32.1,101,157,93.2,38,4,4.8598,87,high\n');
    const evaluate = bpnn(['evaluate', 'diabetes.bpnn', 'words.csv'], { cwd: dir });
    expect(evaluate.code).toBe(1);
    expect(oneLine(evaluate.stderr)).toBe('bpnn: words.csv data row 2, column "progression": "high" is not a number, and a regression\'s targets are numbers (the model is a regression)');
  });

  it('a class the model never saw, in evaluate and explain: named by its file, line and column, exit 1', () => {
    const header = 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),species';
    writeFileSync(join(dir, 'new-class.csv'), `${header}\n5.1,3.5,1.4,0.2,setosa\n\n5.1,3.5,1.4,0.2,unknownia\n`);
    const message = 'bpnn: new-class.csv line 4, column "species": "unknownia" is not a class the model knows ("setosa", "versicolor", "virginica")';
    for (const args of [['evaluate', 'ok.bpnn', 'new-class.csv'], ['explain', 'ok.bpnn', 'new-class.csv', '--row', '2']]) {
      const run = bpnn(args, { cwd: dir });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toBe(message);
    }
  });

  it('a corrupt model: a flipped weight bit, a truncated file, not a model at all; each named, exit 1', () => {
    const good = readFileSync(join(dir, 'ok.bpnn'));
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3] ^= 0x10;
    writeFileSync(join(dir, 'flipped.bpnn'), flipped);
    writeFileSync(join(dir, 'truncated.bpnn'), good.subarray(0, 300));
    const cases: [string, RegExp][] = [
      ['flipped.bpnn', /^bpnn: flipped\.bpnn: __metadata__\.sha256 is "[0-9a-f]+", but the tensor bytes hash to "[0-9a-f]+": the weights were changed or damaged/],
      ['truncated.bpnn', /^bpnn: truncated\.bpnn: header length is \d+ bytes, but only \d+ follow it: the file is truncated/],
      [IRIS, /iris\.csv: header length must be at most 100000000 bytes/],
    ];
    for (const [file, message] of cases) {
      const run = bpnn(['inspect', file], { cwd: dir });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toMatch(message);
    }
    // every command reads models the same way
    for (const args of [['predict', 'flipped.bpnn', IRIS], ['evaluate', 'truncated.bpnn', IRIS], ['explain', IRIS, IRIS]]) {
      const run = bpnn(args, { cwd: dir });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toMatch(/\.(bpnn|csv): (__metadata__\.sha256|header length)/);
    }
  });
});
