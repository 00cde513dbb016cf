/** A name given twice, or an output named as an input, is a usage error before any work. */
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bpnn, DATA, FIXTURES, oneLine, workdir } from '../test/run.js';

describe('names given twice', () => {
  it('train, import: exit 2 naming the duplicate, nothing printed or written', () => {
    const dir = workdir();
    copyFileSync(join(DATA, 'iris.csv'), join(dir, 'iris.csv'));
    copyFileSync(join(FIXTURES, 'fann', 'mixed_4_8_5_3.net'), join(dir, 'x.net'));
    const cases: [string[], string][] = [
      [['train', 'iris.csv', '--target', 'species,species'], '--target names "species" twice; each name must be given once, got "species,species"'],
      [['train', 'iris.csv', '--target', 'species', '--features', 'sepal width (cm), sepal width (cm)'], '--features names "sepal width (cm)" twice'],
      [['cv', 'iris.csv', '--target', 'species', '--categorical', 'a,b,a'], '--categorical names "a" twice'],
      [['import', 'x.net', '--out', 'x.bpnn', '--inputs', 'a,a,b,c'], '--inputs names "a" twice; each name must be given once, got "a,a,b,c"'],
      [['import', 'x.net', '--out', 'x.bpnn', '--inputs', 'a,b,c,d', '--labels', 'p,q,p'], '--labels names "p" twice'],
      [['import', 'x.net', '--out', 'x.bpnn', '--inputs', 'a,b,c,d', '--labels', 'p,q,r', '--target', 'a'], `--target names "a", which --inputs names too; an output cannot have an input's name`],
      [['import', 'x.net', '--out', 'x.bpnn', '--inputs', 'a,b,c,d', '--outputs', 'y,d,z'], `--outputs names "d", which --inputs names too`],
    ];
    for (const [args, message] of cases) {
      const run = bpnn(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(oneLine(run.stderr)).toContain(message);
      expect(run.stdout).toBe('');
    }
    expect(readdirSync(dir).sort()).toEqual(['iris.csv', 'x.net']);
  });
});
