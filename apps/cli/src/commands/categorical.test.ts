/**
 * Categorical input columns end to end: the reference is the same data with its categories written
 * out by hand as 0/1 columns, which the CLI reads as numbers. Both must train the same network to
 * the last bit and predict the same; the categorical file also predicts from its words.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeOnnxModel, readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { bpnn, json, oneLine, workdir } from '../../test/run.js';

const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
const SEXES = ['female', 'male'];

/** 90 seeded penguins: the island, a bill length and the sex tell the species apart. */
function penguins(): { bill: number; island: string; sex: string; species: string }[] {
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: 90 }, (_, i) => {
    const species = ['Adelie', 'Chinstrap', 'Gentoo'][i % 3];
    const island = species === 'Chinstrap' ? 'Dream' : species === 'Gentoo' ? 'Biscoe' : ISLANDS[Math.floor(random() * 3)];
    const bill = Math.round(({ Adelie: 39, Chinstrap: 48, Gentoo: 47 } as Record<string, number>)[species] * 10 + (random() - 0.5) * 60) / 10;
    return { bill, island, sex: SEXES[Math.floor(random() * 2)], species };
  });
}

/** The rows as a CSV with the island and sex as words, and the same rows with them as hand-made 0/1 columns. */
function files(dir: string, rows = penguins(), withTarget = true): { words: string; zeroOne: string } {
  const target = withTarget ? ',species' : '';
  const words = [`island,bill,sex${target}`, ...rows.map((r) => `${r.island},${r.bill},${r.sex}${withTarget ? `,${r.species}` : ''}`)];
  const header = [...ISLANDS.map((i) => `island=${i}`), 'bill', ...SEXES.map((s) => `sex=${s}`)].join(',');
  const zeroOne = [`${header}${target}`, ...rows.map((r) => [...ISLANDS.map((i) => (r.island === i ? 1 : 0)), r.bill, ...SEXES.map((s) => (r.sex === s ? 1 : 0))].join(',') + (withTarget ? `,${r.species}` : ''))];
  const name = withTarget ? 'train' : 'new';
  writeFileSync(join(dir, `${name}-words.csv`), `${words.join('\n')}\n`);
  writeFileSync(join(dir, `${name}-01.csv`), `${zeroOne.join('\n')}\n`);
  return { words: `${name}-words.csv`, zeroOne: `${name}-01.csv` };
}

describe('categorical input columns', () => {
  it('train the network that the same data written as 0/1 columns trains, bit for bit, and predict from words as it does from 0/1 columns', () => {
    const dir = workdir();
    const train = files(dir);
    const flags = ['--target', 'species', '--hidden', '6', '--epochs', '40', '--seed', '3'];
    const words = bpnn(['train', train.words, ...flags, '-o', 'words.bpnn'], { cwd: dir });
    expect(words.stderr).toBe('');
    expect(words.stdout).toContain('90 rows, 6 inputs (island: 3 categories, sex: 2, each as one 0/1 input per category) → species');
    expect(bpnn(['train', train.zeroOne, ...flags, '-o', 'zero-one.bpnn'], { cwd: dir }).code).toBe(0);
    const a = readModel(readFileSync(join(dir, 'words.bpnn')));
    const b = readModel(readFileSync(join(dir, 'zero-one.bpnn')));
    expect(a.inputNames).toEqual(b.inputNames);
    expect(Array.from(a.network.params)).toEqual(Array.from(b.network.params));
    expect(a.categorical).toEqual([{ name: 'island', categories: ISLANDS }, { name: 'sex', categories: SEXES }]);
    expect(b.categorical).toEqual([]);

    const fresh = penguins().slice(0, 12).map((r, i) => ({ ...r, bill: r.bill + (i % 4) - 1.5 }));
    const next = files(dir, fresh, false);
    const fromWords = bpnn(['predict', 'words.bpnn', next.words, '--json'], { cwd: dir });
    expect(fromWords.stderr).toBe('');
    expect(json(fromWords)).toEqual(json(bpnn(['predict', 'zero-one.bpnn', next.zeroOne, '--json'], { cwd: dir })));

    writeFileSync(join(dir, 'java.csv'), 'island,bill,sex\nDream,45,male\nJava,45,male\n');
    const java = bpnn(['predict', 'words.bpnn', 'java.csv'], { cwd: dir });
    expect(java.code).not.toBe(0);
    expect(oneLine(java.stderr)).toBe('bpnn: java.csv line 3, column "island": "Java" is not a category the model knows ("Biscoe", "Dream", "Torgersen")');
    const inspected = json(bpnn(['inspect', 'words.bpnn', '--json'], { cwd: dir }));
    expect(inspected.columns).toEqual(['island', 'bill', 'sex']);
    expect(inspected.categorical).toEqual(a.categorical);
    expect(bpnn(['export', 'words.bpnn', '-o', 'words.onnx'], { cwd: dir }).stdout).toContain(
      'note: island, sex are columns of categories; the onnx model takes their 0/1 inputs (island=Biscoe, …), as the network does; --categories strings takes the words',
    );
    const strings = bpnn(['export', 'words.bpnn', '-o', 'strings.onnx', '--categories', 'strings'], { cwd: dir });
    expect(strings.stdout).toContain('note: the onnx model takes the numbers of bill in "input" and island as strings in "input.island", sex as strings in "input.sex"; a category it does not know gives all 0s');
    const graph = decodeOnnxModel(readFileSync(join(dir, 'strings.onnx'))).graph as { input: { name: string }[] };
    expect(graph.input.map((i) => i.name)).toEqual(['input', 'input.island', 'input.sex']);
    expect(oneLine(bpnn(['export', 'words.bpnn', '-o', 'words.mjs', '--categories', 'strings'], { cwd: dir }).stderr)).toBe('bpnn: --categories applies to --to onnx, not js (it keeps the categories by name)');
  });

  it('--test-out writes the held-out rows with their words, which evaluate scores as train did', () => {
    const dir = workdir();
    const train = files(dir);
    const run = bpnn(['train', train.words, '--target', 'species', '--epochs', '30', '--test-split', '0.3', '--test-out', 'held.csv', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    const held = readFileSync(join(dir, 'held.csv'), 'utf8').split('\n');
    expect(held[0]).toBe('island,bill,sex,species');
    expect(held[1]).toMatch(/^(Biscoe|Dream|Torgersen),[\d.]+,(female|male),(Adelie|Chinstrap|Gentoo)$/);
    const scored = json(bpnn(['evaluate', 'train-words.bpnn', 'held.csv', '--json'], { cwd: dir }));
    expect(scored.accuracy).toBe(json(run).test.accuracy);
  });

  it('--categorical reads a column of number codes as categories; a word below a number is named with the way out', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'codes.csv'), ['grade,x,y', '3,0.5,a', '1,0.1,b', '2,0.9,a', '3,0.4,b', '1,0.3,a', '2,0.2,b'].join('\n'));
    const run = bpnn(['train', 'codes.csv', '--target', 'y', '--categorical', 'grade', '--epochs', '5', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(readModel(readFileSync(join(dir, 'codes.bpnn'))).inputNames).toEqual(['grade=1', 'grade=2', 'grade=3', 'x']);
    writeFileSync(join(dir, 'mixed.csv'), 'grade,x,y\n3,0.5,a\nhigh,0.1,b\n');
    const mixed = bpnn(['train', 'mixed.csv', '--target', 'y'], { cwd: dir });
    expect(mixed.code).not.toBe(0);
    expect(oneLine(mixed.stderr)).toBe(
      'bpnn: mixed.csv line 3, column "grade": "high" is not a number (column "grade" is read as numbers: its cell on the first row, line 2, is a number; name it as categorical to read its cells as categories)',
    );
    // --stream reads them as the in-memory reader does: the same model, bit for bit.
    const flags = ['--target', 'y', '--categorical', 'grade', '--epochs', '5', '--batch-size', '2'];
    expect(bpnn(['train', 'codes.csv', ...flags, '--stream', '-o', 'streamed.bpnn'], { cwd: dir }).stderr).toBe('');
    expect(bpnn(['train', 'codes.csv', ...flags, '-o', 'held.bpnn'], { cwd: dir }).code).toBe(0);
    const [streamed, held] = ['streamed.bpnn', 'held.bpnn'].map((file) => readModel(readFileSync(join(dir, file))));
    expect(streamed.categorical).toEqual([{ name: 'grade', categories: ['1', '2', '3'] }]);
    expect(Array.from(streamed.network.params)).toEqual(Array.from(held.network.params));
  });

  it('--from continues a model on a file with some of its categories, read with the model\'s categories', () => {
    const dir = workdir();
    const train = files(dir);
    // Without its checkpoint: a checkpoint continues only on the rows it was made on.
    expect(bpnn(['train', train.words, '--target', 'species', '--epochs', '10', '--no-checkpoint', '-o', 'first.bpnn'], { cwd: dir }).code).toBe(0);
    // Only the penguins of Dream: one island of three.
    const dream = readFileSync(join(dir, train.words), 'utf8').split('\n').filter((line, i) => i === 0 || line.startsWith('Dream,'));
    writeFileSync(join(dir, 'dream.csv'), `${dream.join('\n')}\n`);
    const more = bpnn(['train', 'dream.csv', '--target', 'species', '--from', 'first.bpnn', '--epochs', '5', '-o', 'more.bpnn'], { cwd: dir });
    expect(more.stderr).toBe('');
    const first = readModel(readFileSync(join(dir, 'first.bpnn')));
    const continued = readModel(readFileSync(join(dir, 'more.bpnn')));
    expect(continued.inputNames).toEqual(first.inputNames);
    expect(continued.categorical).toEqual(first.categorical);
    const refused = bpnn(['train', 'dream.csv', '--target', 'species', '--from', 'first.bpnn', '--categorical', 'sex'], { cwd: dir });
    expect(oneLine(refused.stderr)).toBe('bpnn: --categorical cannot be given with --from: the model to continue decides its architecture, scaling, columns and task');
  });
});
