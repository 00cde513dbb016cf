/**
 * `--encoding` end to end: a CSV that iconv converted to Windows-1252 (what Excel on Windows saves
 * as "CSV") trains, predicts and evaluates as its UTF-8 original does; read as UTF-8 it is an error
 * that names the line and the encoding; `--stream`'s cache is made again for another encoding.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '@bpnn/core';
import { readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { bpnn, workdir } from '../../test/run.js';

/** `rows` rows of French weather: two numbers, a region (a column of categories) and a class, all with accents. */
function weatherCsv(rows: number): string {
  const random = new Random(7);
  const regions = ['Île-de-France', 'Rhône-Alpes', 'Provence-Alpes-Côte d’Azur'];
  const lines = ['Température;Humidité;Région;Catégorie'];
  for (let r = 0; r < rows; r++) {
    const t = Math.round((random.next() * 40 - 5) * 100) / 100;
    const h = Math.round(random.next() * 100) / 100;
    lines.push(`${t};${h};${regions[r % 3]};${t < 10 ? 'froid' : t < 25 ? 'tempéré' : 'été chaud'}`);
  }
  return lines.join('\n') + '\n';
}

/** The UTF-8 file and iconv's Windows-1252 conversion of it, in a fresh folder. */
function files() {
  const dir = workdir();
  writeFileSync(join(dir, 'utf8.csv'), weatherCsv(300));
  writeFileSync(join(dir, 'cp1252.csv'), execFileSync('iconv', ['-f', 'UTF-8', '-t', 'WINDOWS-1252', join(dir, 'utf8.csv')]));
  return dir;
}

const train = ['--target', 'Catégorie', '--delimiter', ';', '--hidden', '4', '--epochs', '3'];
const model = (path: string) => readModel(readFileSync(path));

describe('--encoding', () => {
  it('trains, predicts and evaluates a Windows-1252 file as its UTF-8 original, bit for bit', () => {
    const dir = files();
    expect(bpnn(['train', 'utf8.csv', ...train, '--out', 'u.bpnn'], { cwd: dir }).code).toBe(0);
    const read = bpnn(['train', 'cp1252.csv', ...train, '--encoding', 'windows-1252', '--out', 'w.bpnn'], { cwd: dir });
    expect(read.stderr).toBe('');
    expect(read.stdout).toContain('(Région: 3 categories, each as one 0/1 input per category) → Catégorie (classification');
    const [u, w] = [model(join(dir, 'u.bpnn')), model(join(dir, 'w.bpnn'))];
    expect(w.inputNames).toEqual(u.inputNames);
    expect(w.labels).toEqual(['froid', 'tempéré', 'été chaud'].sort());
    expect(Array.from(w.network.params)).toEqual(Array.from(u.network.params));
    // The model trained on UTF-8 takes the Windows-1252 file to predict and evaluate, named so (latin1 is a label of windows-1252).
    const predicted = bpnn(['predict', 'u.bpnn', 'cp1252.csv', '--delimiter', ';', '--encoding', 'latin1'], { cwd: dir });
    expect(predicted.stderr).toBe('');
    expect(predicted.stdout).toBe(bpnn(['predict', 'u.bpnn', 'utf8.csv', '--delimiter', ';'], { cwd: dir }).stdout);
    const evaluated = bpnn(['evaluate', 'u.bpnn', 'cp1252.csv', '--delimiter', ';', '--encoding', 'windows-1252', '--json'], { cwd: dir });
    expect(evaluated.code).toBe(0);
    const scores = (stdout: string) => ({ ...JSON.parse(stdout), data: undefined }); // all but the file's name
    expect(scores(evaluated.stdout)).toEqual(scores(bpnn(['evaluate', 'u.bpnn', 'utf8.csv', '--delimiter', ';', '--json'], { cwd: dir }).stdout));
    expect(JSON.parse(evaluated.stdout).confusion.labels).toEqual(['froid', 'tempéré', 'été chaud']);
  });

  it('without it, a Windows-1252 file is an error naming the line, the bytes and the flag; an unknown encoding is a usage error listing them', () => {
    const dir = files();
    for (const args of [['train', 'cp1252.csv', ...train], ['predict', 'x.bpnn', 'cp1252.csv', '--delimiter', ';']]) {
      if (args[0] === 'predict') bpnn(['train', 'utf8.csv', ...train, '--out', 'x.bpnn'], { cwd: dir });
      const run = bpnn(args, { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^bpnn: cp1252\.csv line 1, field 1: byte 0xE9 in "Temp\\xE9rature" is not UTF-8; the file looks like Windows-1252 .* read "Température": .* \(--encoding windows-1252 on the command line\)/);
    }
    const unknown = bpnn(['evaluate', 'x.bpnn', 'cp1252.csv', '--encoding', 'ebcdic'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--encoding must be one of utf-8, utf-16le, utf-16be, windows-1252, .*, got "ebcdic"/);
  });

  it('keys the --stream cache on it: the cache made for Windows-1252 is not read as UTF-8', () => {
    const dir = files();
    const stream = (...more: string[]) => bpnn(['train', 'cp1252.csv', ...train, '--stream', '--features', 'Température,Humidité', '--out', 's.bpnn', ...more], { cwd: dir });
    expect(stream('--encoding', 'windows-1252').stdout).toContain('made the cache cp1252.csv.bpnn-cache');
    const utf8 = stream();
    expect(utf8.code).toBe(1); // read again, as UTF-8, which it is not
    expect(utf8.stderr).toContain('cp1252.csv line 1, field 1: byte 0xE9');
    const again = stream('--encoding', 'windows-1252');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('made the cache'); // the Windows-1252 cache, still there, is reused
    expect(model(join(dir, 's.bpnn')).labels).toEqual(['froid', 'tempéré', 'été chaud'].sort());
  });
});
