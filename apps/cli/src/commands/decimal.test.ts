/**
 * `--decimal ,` end to end: a CSV written as a spreadsheet in much of Europe saves it (";" between
 * fields, decimal commas, a point grouping thousands) trains, predicts and evaluates as its
 * decimal-point twin does, bit for bit; the mistakes are named (file, line, column, cell, flag);
 * `--stream`'s cache is keyed on it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '@bpnn/core';
import { readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { bpnn, workdir } from '../../test/run.js';

/** `rows` rows of two measurements, a price in the thousands and a class; `european` writes them as a German spreadsheet does. */
function measurements(rows: number, european: boolean): string {
  const random = new Random(11);
  const number = (value: number) => (european ? String(value).replace('.', ',') : String(value));
  const price = (value: number) => (european && value >= 1000 ? `${Math.floor(value / 1000)}.${String(value % 1000).padStart(3, '0')}` : String(value));
  const d = european ? ';' : ',';
  const lines = [['Länge', 'Breite', 'Preis', 'Klasse'].join(d)];
  for (let r = 0; r < rows; r++) {
    const length = Math.round((random.next() * 4 - 2) * 1000) / 1000;
    const width = Math.round(random.next() * 1e4) / 1e4;
    const cost = Math.floor(random.next() * 5000);
    lines.push([number(length), number(width), price(cost), length + width > 0.5 ? 'groß' : 'klein'].join(d));
  }
  return lines.join('\n') + '\n';
}

function files() {
  const dir = workdir();
  writeFileSync(join(dir, 'point.csv'), measurements(200, false));
  writeFileSync(join(dir, 'eu.csv'), measurements(200, true));
  return dir;
}

const net = ['--target', 'Klasse', '--hidden', '4', '--epochs', '3', '--seed', '5'];
const eu = ['--delimiter', ';', '--decimal', ',', '--thousands', '.'];
const model = (path: string) => readModel(readFileSync(path));

describe('--decimal', () => {
  it('the European file is its twin written with decimal points', () => {
    const dir = files();
    const lines = readFileSync(join(dir, 'eu.csv'), 'utf8').split('\n');
    expect(lines.some((line) => /;\d\.\d{3};/.test(line))).toBe(true); // a price grouped by a point
    expect(lines.some((line) => /^-?\d+,\d+;/.test(line))).toBe(true); // a decimal comma
  });

  it('trains on a file with decimal commas as on its decimal-point twin, and predicts and evaluates it the same, bit for bit', () => {
    const dir = files();
    expect(bpnn(['train', 'point.csv', ...net, '--out', 'p.bpnn'], { cwd: dir }).code).toBe(0);
    const read = bpnn(['train', 'eu.csv', ...net, ...eu, '--out', 'e.bpnn'], { cwd: dir });
    expect(read.stderr).toBe('');
    const [p, e] = [model(join(dir, 'p.bpnn')), model(join(dir, 'e.bpnn'))];
    expect(e.inputNames).toEqual(['Länge', 'Breite', 'Preis']);
    expect(Array.from(e.network.params)).toEqual(Array.from(p.network.params));
    // The model trained on points predicts the comma file as the point file.
    const predicted = bpnn(['predict', 'p.bpnn', 'eu.csv', ...eu, '--proba'], { cwd: dir });
    expect(predicted.stderr).toBe('');
    expect(predicted.stdout).toBe(bpnn(['predict', 'p.bpnn', 'point.csv', '--proba'], { cwd: dir }).stdout);
    const scores = (stdout: string) => ({ ...JSON.parse(stdout), data: undefined, model: undefined }); // all but the files' names
    const evaluated = bpnn(['evaluate', 'e.bpnn', 'eu.csv', ...eu, '--json'], { cwd: dir });
    expect(scores(evaluated.stdout)).toEqual(scores(bpnn(['evaluate', 'p.bpnn', 'point.csv', '--json'], { cwd: dir }).stdout));
    const cv = (file: string, ...more: string[]) => scores(bpnn(['cv', file, ...net, ...more, '--folds', '2', '--json'], { cwd: dir }).stdout);
    expect(cv('eu.csv', ...eu)).toEqual(cv('point.csv'));
    const gradcheck = (file: string, ...more: string[]) => scores(bpnn(['gradcheck', 'p.bpnn', file, ...more, '--json'], { cwd: dir }).stdout);
    const checked = gradcheck('eu.csv', ...eu);
    expect(checked.tensors.length).toBeGreaterThan(0);
    expect(checked).toEqual(gradcheck('point.csv'));
  });

  it('names the flag as the remedy for a decimal comma, and the cell of a point it was not told of; a comma for both is a usage error', () => {
    const dir = files();
    const without = bpnn(['train', 'eu.csv', ...net, '--delimiter', ';'], { cwd: dir });
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^bpnn: eu\.csv line 2, column "Länge": "-?\d+,\d+" is a number written with a comma .* read it with decimal "," \(--decimal , on the command line/);
    const grouped = bpnn(['train', 'eu.csv', ...net, '--delimiter', ';', '--decimal', ','], { cwd: dir });
    expect(grouped.code).toBe(1);
    expect(grouped.stderr).toMatch(/^bpnn: eu\.csv line \d+, column "Preis": "\d\.\d{3}" has a point, but the file is read with decimal ","; if the point groups thousands, read it with thousands "\." too \(--thousands \. on the command line\)\n$/);
    expect(bpnn(['train', 'point.csv', ...net, '--out', 'x.bpnn'], { cwd: dir }).code).toBe(0);
    const both = bpnn(['predict', 'x.bpnn', 'eu.csv', '--decimal', ','], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('bpnn: --decimal , needs a --delimiter other than ",": a comma cannot both separate fields and mark decimals; a file with decimal commas separates them with ";" (--delimiter ";")\n');
    const mark = bpnn(['evaluate', 'x.bpnn', 'eu.csv', '--decimal', ' '], { cwd: dir });
    expect(mark.code).toBe(2);
    expect(mark.stderr).toContain('--decimal must be . or ,');
  });

  it('keys the --stream cache on it: the cache of the comma file is not read with decimal points', () => {
    const dir = files();
    const stream = (...more: string[]) => bpnn(['train', 'eu.csv', ...net, '--delimiter', ';', '--stream', '--out', 's.bpnn', ...more], { cwd: dir });
    expect(stream('--decimal', ',', '--thousands', '.').stdout).toContain('made the cache eu.csv.bpnn-cache');
    const points = stream();
    expect(points.code).toBe(1); // read again, with decimal points, which it has not
    expect(points.stderr).toContain('is a number written with a comma');
    const again = stream('--decimal', ',', '--thousands', '.');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('made the cache'); // the comma cache, still there (the failed read replaced nothing), is reused
    bpnn(['train', 'point.csv', ...net, '--stream', '--out', 'p.bpnn'], { cwd: dir });
    expect(Array.from(model(join(dir, 's.bpnn')).network.params)).toEqual(Array.from(model(join(dir, 'p.bpnn')).network.params));
  });
});
