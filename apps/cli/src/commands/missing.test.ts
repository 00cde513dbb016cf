/**
 * Missing values end to end: the reference is the same file with every gap filled by hand with its
 * column's mean over the rows that have a value, which the CLI reads as plain numbers. `--missing
 * mean` must train the same network to the last bit, and predict a row with gaps as the filled row.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { bpnn, json, oneLine, workdir } from '../../test/run.js';

/** 60 seeded rows of two numeric inputs and a class; about one cell in six of the inputs is missing. */
function rows(): { a: number | null; b: number | null; y: string }[] {
  let state = 11;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: 60 }, (_, i) => {
    const a = Math.round(random() * 1000) / 100;
    const b = Math.round(random() * 500) / 100;
    return { a: random() < 1 / 6 ? null : a, b: random() < 1 / 6 ? null : b, y: a + b > 7.5 ? 'high' : 'low' };
  });
}

const MARKERS = ['', 'NA', '?', 'null'];

describe('bpnn train --missing mean', () => {
  it('trains the network that the file filled by hand with the means trains, bit for bit, and predicts gaps as their means', () => {
    const dir = workdir();
    const data = rows();
    const mean = (key: 'a' | 'b') => {
      const present = data.map((r) => r[key]).filter((v): v is number => v !== null);
      return present.reduce((sum, v) => sum + v, 0) / present.length;
    };
    const fill = { a: mean('a'), b: mean('b') };
    const cell = (v: number | null, r: number) => (v === null ? MARKERS[r % MARKERS.length] : String(v));
    writeFileSync(join(dir, 'gaps.csv'), ['a,b,y', ...data.map((r, i) => `${cell(r.a, i)},${cell(r.b, i + 1)},${r.y}`)].join('\n') + '\n');
    writeFileSync(join(dir, 'filled.csv'), ['a,b,y', ...data.map((r) => `${r.a ?? fill.a},${r.b ?? fill.b},${r.y}`)].join('\n') + '\n');
    const flags = ['--target', 'y', '--hidden', '5', '--epochs', '30', '--dtype', 'float64', '--seed', '2'];

    const refused = bpnn(['train', 'gaps.csv', ...flags], { cwd: dir });
    expect(refused.code).not.toBe(0);
    expect(oneLine(refused.stderr)).toMatch(/^bpnn: gaps\.csv line \d+, column "[ab]": ("NA" is not a number \(if it marks a missing value: |missing value \()--missing mean fills missing values with their column's mean\)$/);
    // The same file's gaps, in every command that trains from it, say the flag; a continued model (--from) cannot take it.
    for (const command of [['cv', 'gaps.csv', '--target', 'y', '--folds', '2'], ['tune', 'gaps.csv', '--target', 'y', '--trials', '1']]) {
      expect(oneLine(bpnn(command, { cwd: dir }).stderr)).toMatch(/\(.*--missing mean fills missing values with their column's mean\)$/);
    }

    const run = bpnn(['train', 'gaps.csv', ...flags, '--missing', 'mean', '-o', 'gaps.bpnn'], { cwd: dir });
    expect(run.stderr).toBe('');
    const gapsOf = (key: 'a' | 'b') => data.filter((r) => r[key] === null).length;
    expect(run.stdout).toContain(`missing values: a ${gapsOf('a')}, b ${gapsOf('b')} (each filled with its column's mean on the training rows)`);
    expect(bpnn(['train', 'filled.csv', ...flags, '-o', 'filled.bpnn'], { cwd: dir }).code).toBe(0);
    const gaps = readModel(readFileSync(join(dir, 'gaps.bpnn')));
    const filled = readModel(readFileSync(join(dir, 'filled.bpnn')));
    expect(gaps.fill).toEqual([fill.a, fill.b]);
    expect(filled.fill).toBeUndefined();
    expect(Array.from(gaps.network.params)).toEqual(Array.from(filled.network.params));

    writeFileSync(join(dir, 'next.csv'), `a,b\n,2\n4,NA\n`);
    writeFileSync(join(dir, 'next-filled.csv'), `a,b\n${fill.a},2\n4,${fill.b}\n`);
    const predicted = json(bpnn(['predict', 'gaps.bpnn', 'next.csv', '--json'], { cwd: dir }));
    expect(predicted).toEqual(json(bpnn(['predict', 'filled.bpnn', 'next-filled.csv', '--json'], { cwd: dir })));
    const strict = bpnn(['predict', 'filled.bpnn', 'next.csv'], { cwd: dir });
    // A model trained without the flag: the remedy is another model, not a flag of predict.
    expect(oneLine(strict.stderr)).toBe("bpnn: next.csv line 2, column \"a\": missing value (the model was trained without missing values; one trained with bpnn train --missing mean fills them with its training means)");
    for (const command of [['evaluate', 'filled.bpnn', 'gaps.csv'], ['explain', 'filled.bpnn', 'gaps.csv'], ['train', 'gaps.csv', '--target', 'y', '--from', 'filled.bpnn', '-o', 'more.bpnn']]) {
      expect(oneLine(bpnn(command, { cwd: dir }).stderr)).toMatch(/: (missing value|"[^"]+" is not a number) \((if it marks a missing value: )?the model was trained without missing values; one trained with bpnn train --missing mean fills them with its training means\)$/);
    }
    expect(json(bpnn(['inspect', 'gaps.bpnn', '--json'], { cwd: dir })).fill).toEqual([fill.a, fill.b]);
    // FANN 2.2 computes sigmoid but not relu or softmax: a regression of sigmoid neurons exports to .net.
    writeFileSync(join(dir, 'reg.csv'), `x,t\n1,2\n,3\n3,4\n4,5\n`);
    expect(bpnn(['train', 'reg.csv', '--target', 't', '--missing', 'mean', '--activation', 'sigmoid', '--epochs', '2', '-o', 'reg.bpnn'], { cwd: dir }).code).toBe(0);
    expect(bpnn(['export', 'reg.bpnn', '-o', 'reg.net'], { cwd: dir }).stdout).toContain('note: the model fills missing values with its training means (bpnn inspect lists them); the fann model takes complete rows only');
    // A JavaScript module and an ONNX graph fill them themselves.
    for (const out of ['gaps.mjs', 'gaps.onnx']) expect(bpnn(['export', 'gaps.bpnn', '-o', out], { cwd: dir }).stdout).not.toContain('note:');
  });

  it('writes the held-out rows with their gaps, which evaluate scores as train did; --stream fills them as train does', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'gaps.csv'), ['a,b,y', ...rows().map((r) => `${r.a ?? ''},${r.b ?? 'NA'},${r.y}`)].join('\n') + '\n');
    const run = bpnn(['train', 'gaps.csv', '--target', 'y', '--missing', 'mean', '--epochs', '20', '--test-split', '0.3', '--test-out', 'held.csv', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(readFileSync(join(dir, 'held.csv'), 'utf8')).toMatch(/\n,|,,/);
    const scored = json(bpnn(['evaluate', 'gaps.bpnn', 'held.csv', '--json'], { cwd: dir }));
    expect(scored.accuracy).toBe(json(run).test.accuracy);
    // --stream fills them as the in-memory training does: the same model, bit for bit (data of one block).
    const flags = ['--target', 'y', '--missing', 'mean', '--hidden', '4', '--epochs', '5', '--batch-size', '8'];
    for (const dtype of ['float32', 'float64']) {
      expect(bpnn(['train', 'gaps.csv', ...flags, '--dtype', dtype, '--stream', '-o', 'streamed.bpnn'], { cwd: dir }).stderr).toBe('');
      expect(bpnn(['train', 'gaps.csv', ...flags, '--dtype', dtype, '-o', 'held.bpnn'], { cwd: dir }).code).toBe(0);
      const [streamed, held] = ['streamed.bpnn', 'held.bpnn'].map((file) => readModel(readFileSync(join(dir, file))));
      expect(streamed.fill).toEqual(held.fill);
      expect(Array.from(streamed.network.params)).toEqual(Array.from(held.network.params));
    }
  });
});
