import { ACTIVATION_NAMES, ConfigError, Model, type ActivationSpec, type DType } from '@bpnn/core';
import { tinyRegressor } from '../../test/tiny-models.js';
import { activationModel, rawInputs } from '../../test/activation-model.js';
import { describe, expect, it } from 'vitest';
import { exportJsFunction } from './js-function.js';
import { readCsvDataset } from '../csv/csv.js';

function model(hidden: ActivationSpec, output: ActivationSpec, dtype: DType = 'float64', task: 'regression' | 'classification' = 'regression'): Model {
  return activationModel(hidden, output, dtype, 5, task);
}

/** Evaluates generated source the way a user would paste it: no access to anything but globals. */
function compile(source: string, name = 'bpnnModel'): (input: unknown) => unknown {
  return new Function(`${source}\nreturn ${name};`)() as (input: unknown) => unknown;
}

/** max |function − model| over the inputs, relative to the target scale for regression (outputs of 100 ± 20). */
function maxError(m: Model, f: (input: unknown) => unknown): number {
  const wanted = m.outputs(rawInputs).toRows();
  const unit = (j: number) => m.targetScaler?.scale[j] ?? 1;
  return Math.max(...rawInputs.flatMap((row, r) => (f(row) as number[]).map((v, j) => Math.abs(v - wanted[r][j]) / unit(j))));
}

const cases: [string, ActivationSpec][] = [
  ...ACTIVATION_NAMES.filter((n) => n !== 'softmax').map((n): [string, ActivationSpec] => [n, n]),
  ['leaky-relu alpha 0.2', { name: 'leaky-relu', alpha: 0.2 }],
  ['elu alpha 0.5', { name: 'elu', alpha: 0.5 }],
];

describe('exportJsFunction: the generated function computes what the model computes', () => {
  it.each(cases)('%s, float64', (_, act) => {
    const m = model(act, act);
    expect(maxError(m, compile(exportJsFunction(m)))).toBeLessThan(1e-12);
  });

  it.each(cases)('%s, float32 (the function computes in float64)', (_, act) => {
    const m = model(act, act, 'float32');
    expect(maxError(m, compile(exportJsFunction(m)))).toBeLessThan(1e-5);
  });

  it('softmax classifier: probabilities, keyed by label when asked', () => {
    const m = model('tanh', 'softmax', 'float64', 'classification');
    expect(maxError(m, compile(exportJsFunction(m)))).toBeLessThan(1e-12);
    const byLabel = compile(exportJsFunction(m, { outputs: 'object', name: 'iris' }), 'iris')({ a: 12.5, b: -1.2, c: 3 }) as Record<string, number>;
    const wanted = m.outputs([[12.5, -1.2, 3]]).toRows()[0];
    expect(Object.keys(byLabel)).toEqual(['setosa', 'versicolor', 'virginica']);
    Object.values(byLabel).forEach((v, j) => expect(v).toBeCloseTo(wanted[j], 12));
  });

  it('takes an object keyed by column name, and names a missing or bad input', () => {
    const m = model('relu', 'linear');
    const f = compile(exportJsFunction(m));
    expect(f({ a: 10, b: -2, c: 0.5 })).toEqual(f([10, -2, 0.5]));
    expect(() => f({ a: 10, b: -2 })).toThrow('input c must be a finite number, got undefined');
    expect(() => f([1, 2])).toThrow('expected 3 inputs (a, b, c), got 2');
    expect(() => exportJsFunction(m, { name: 'no good' })).toThrow(ConfigError);
  });

  it('takes the words of a column of categories by its own key, and fills a missing value with its training mean', async () => {
    const csv = ['colour,size,y', ...Array.from({ length: 24 }, (_, i) => `${i % 3 === 0 ? 'red' : i % 3 === 1 ? 'blue' : ''},${i % 5 === 0 ? 'NA' : i % 7},${i * 0.5}`)].join('\n');
    const m = Model.train(await readCsvDataset(csv, { target: 'y', missing: true }), { task: 'regression', hidden: [4], epochs: 5, seed: 1, missing: 'mean', dtype: 'float64' }).model;
    expect(m.inputNames).toEqual(['colour=blue', 'colour=red', 'size']);
    const f = compile(exportJsFunction(m));
    const want = (rows: (number | null)[][]) => m.outputs(rows as number[][]).toRows()[0][0];
    const close = (got: unknown, wanted: number) => expect((got as number[])[0]).toBeCloseTo(wanted, 10);
    close(f({ colour: 'red', size: 3 }), want([[0, 1, 3]]));
    close(f({ 'colour=blue': 1, 'colour=red': 0, size: 2 }), want([[1, 0, 2]]));
    close(f({ colour: null, size: null }), want([[null, null, null]])); // each input's training mean
    close(f({ size: 4 }), want([[null, null, 4]])); // a column left out is missing
    close(f([0, 1, null]), want([[0, 1, null]]));
    expect(() => f({ colour: 'green', size: 1 })).toThrow('input colour must be one of blue, red, got green');
    const strict = compile(exportJsFunction(Model.train(await readCsvDataset(csv.replace(/,NA,/g, ',1,').replace(/\n,/g, '\nred,'), { target: 'y' }), { task: 'regression', hidden: [2], epochs: 2 }).model));
    expect(() => strict({ colour: 'red', size: null })).toThrow('input size must be a finite number, got null');
  });
});

describe('exportJsFunction refuses names and options that would not work', () => {
  const model = tinyRegressor('float64');
  it.each(['class', 'return', 'enum', 'let', 'await', 'yield', 'static', 'implements', 'interface', 'eval', 'arguments'])('a reserved word: %s', (name) => {
    expect(() => exportJsFunction(model, { name })).toThrow(new ConfigError('name', `must be a JavaScript identifier that is not a reserved word (it cannot name a function in an ES module), got "${name}"`));
  });

  it('a global the code calls, a name that is not an identifier, and outputs that is not array or object', () => {
    expect(() => exportJsFunction(model, { name: 'Math' })).toThrow(new ConfigError('name', 'must be a JavaScript identifier that the generated code does not use (Math is a global it calls, which the function would hide), got "Math"'));
    expect(() => exportJsFunction(model, { name: '1a' })).toThrow(new ConfigError('name', 'must be a JavaScript identifier, got "1a"'));
    expect(() => exportJsFunction(model, { outputs: 'map' as never })).toThrow(new ConfigError('outputs', 'must be array or object, got "map"'));
    // Every name refused would not compile, or would not work; a name allowed does.
    expect(() => new Function(`${exportJsFunction(model, { name: 'predictPenguin' })}; return predictPenguin;`)).not.toThrow();
  });
});
