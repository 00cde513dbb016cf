import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ShapeError } from '../errors.js';
import { selectRows } from './dataset.js';
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

describe('Matrix#selectRows takes only rows the matrix has', () => {
  const m = Matrix.fromRows([[1, 2], [3, 4], [5, 6]]);

  it('copies the rows named, in that order', () => {
    expect(m.selectRows([2, 0, 2]).toRows()).toEqual([[5, 6], [1, 2], [5, 6]]);
    expect(m.selectRows(new Uint32Array([1])).toRows()).toEqual([[3, 4]]);
  });

  it('an index out of range, negative or fractional is a ShapeError naming it (it was a row of zeros or another row)', () => {
    expect(() => m.selectRows([0, 3])).toThrow(new ShapeError('row indices[1] must be a row of the (3, 2) matrix, a whole number from 0 to 2, got 3'));
    expect(() => m.selectRows([-1])).toThrow(new ShapeError('row indices[0] must be a row of the (3, 2) matrix, a whole number from 0 to 2, got -1'));
    expect(() => m.selectRows([0.5])).toThrow(new ShapeError('row indices[0] must be a row of the (3, 2) matrix, a whole number from 0 to 2, got 0.5'));
    expect(() => m.selectRows([NaN])).toThrow(ShapeError);
    expect(() => Matrix.zeros(0, 2).selectRows([0])).toThrow(new ShapeError('row indices[0] must be a row of the (0, 2) matrix, which has no rows, got 0'));
    expect(() => m.selectRows(null as never)).toThrow(new ShapeError('row indices must be a list of row numbers, got null'));
  });

  it('selectRows of a data set refuses the same indices (its targets were undefined)', () => {
    const data = { inputNames: ['a', 'b'], targetNames: ['y'], inputs: [[1, 2], [3, 4]], targets: [[1], [2]] };
    expect(selectRows(data, [1]).targets).toEqual([[2]]);
    expect(() => selectRows(data, [0, 2])).toThrow(ShapeError);
  });
});
