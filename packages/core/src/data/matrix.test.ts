import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ShapeError } from '../errors.js';
import { Matrix, type DType } from './matrix.js';

describe('Matrix refuses bad arguments with bpnn errors', () => {
  it('a row or column count that is not a whole number ≥ 0 is a ShapeError naming it', () => {
    expect(() => Matrix.zeros(-1, 2)).toThrow(new ShapeError('rows must be a whole number ≥ 0, got -1'));
    expect(() => Matrix.zeros(2, NaN)).toThrow(new ShapeError('cols must be a whole number ≥ 0, got NaN'));
    expect(() => new Matrix(1.5, 2, new Float64Array(3))).toThrow(new ShapeError('rows must be a whole number ≥ 0, got 1.5'));
    expect(() => new Matrix(1, 2, [1, 2] as unknown as Float64Array)).toThrow(new DataError('data must be a Float32Array or Float64Array, got [1, 2]'));
  });

  it('a dtype other than float32 and float64 is a ConfigError, not a float64 matrix', () => {
    expect(() => Matrix.zeros(2, 2, 'int' as DType)).toThrow(new ConfigError('dtype', 'must be one of float32, float64, got "int"'));
    expect(() => Matrix.zeros(2, 2).as('int' as DType)).toThrow(new ConfigError('dtype', 'must be one of float32, float64, got "int"'));
    expect(Matrix.zeros(2, 2).as('float32').data).toBeInstanceOf(Float32Array);
  });

  it('rows that are not an array are a DataError naming the argument', () => {
    expect(() => Matrix.fromRows(null as never)).toThrow(new DataError('data must be a Matrix or rows of numbers (an array of arrays), got null'));
    expect(() => Matrix.from(null as never, 'inputs')).toThrow(DataError);
    expect(() => Matrix.fromRows([null] as never, 'inputs')).toThrow(new DataError('inputs row 0 is not an array of numbers, got null'));
  });
});
