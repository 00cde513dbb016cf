import { ACTIVATION_NAMES, ConfigError, Model, type ActivationSpec, type DType } from '@bpnn/core';
import { activationModel, rawInputs } from '../test/activation-model.js';
import { describe, expect, it } from 'vitest';
import { exportJsFunction } from './js-function.js';

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
});
