import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ShapeError } from '../errors.js';
import { Model } from '../model/model.js';
import { Network } from '../network/network.js';
import { fit } from '../training/train.js';
import { selectRows } from './dataset.js';
import { Matrix, type DType } from './matrix.js';
import { matrixRows } from './row-source.js';

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

describe('a Matrix whose buffer changed after it was made', () => {
  const detached = () => {
    const m = Matrix.fromRows([[0, 0], [0, 1], [1, 0], [1, 1]]);
    structuredClone(m.data.buffer, { transfer: [m.data.buffer as ArrayBuffer] }); // as postMessage(m.data.buffer, [m.data.buffer]) does
    return m;
  };
  const message = 'inputs is a (4, 2) matrix whose data now holds 0 values, not 8: its ArrayBuffer was transferred (detached) or resized after the matrix was made';

  it('a transferred (detached) buffer is a ShapeError naming it in predict, fit, Model.train and matrixRows (it was a raw TypeError, or in Model.train "too large to scale")', () => {
    const network = new Network({ layers: [2, 3, 1], seed: 1 });
    expect(() => network.predict(detached())).toThrow(new ShapeError(message));
    expect(() => fit(network, detached(), [[0], [1], [1], [0]], { epochs: 1 })).toThrow(new ShapeError(message));
    expect(() => fit(network, [[0, 0], [0, 1], [1, 0], [1, 1]], detached(), { epochs: 1 })).toThrow(new ShapeError(message.replace('inputs', 'targets')));
    expect(() => Model.train({ inputs: detached(), targets: [0, 1, 1, 0] }, { epochs: 1 })).toThrow(new ShapeError(message));
    expect(() => matrixRows(detached(), Matrix.zeros(4, 1))).toThrow(new ShapeError(message));
  });

  it('a resizable buffer shrunk is a ShapeError; one grown still gives the matrix its rows', () => {
    // ES2024's resizable ArrayBuffer (Node 20 has it; the lib this package compiles against does not yet)
    const Resizable = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(length: number): void };
    const buffer = new Resizable(32, { maxByteLength: 64 });
    const m = new Matrix(2, 2, new Float64Array(buffer)); // a length-tracking view
    m.data.set([1, 2, 3, 4]);
    const network = new Network({ layers: [2, 3, 1], seed: 1 });
    const expected = network.predict([[1, 2], [3, 4]]).toRows();
    buffer.resize(64);
    expect(network.predict(m).toRows()).toEqual(expected);
    buffer.resize(16);
    expect(() => network.predict(m)).toThrow(new ShapeError('inputs is a (2, 2) matrix whose data now holds 2 values, not 4: its ArrayBuffer was resized smaller after the matrix was made'));
  });
});

describe('a matrix too large for one typed array', () => {
  it('is a ShapeError with its size, not a raw RangeError', () => {
    expect(() => Matrix.zeros(1e6, 1e6)).toThrow(new ShapeError('1,000,000,000,000 float64 values (7,450.6 GiB) are more than this engine can allocate as one array'));
    expect(() => Matrix.fromRows([{ length: 2 ** 40 }] as never, 'inputs')).toThrow(ShapeError);
  });

  it('a row count or first row length that is not a whole number is an error naming it', () => {
    expect(() => Matrix.fromRows({ length: 1.5, 0: [1] } as never, 'inputs')).toThrow(new ShapeError('inputs rows must be a whole number ≥ 0, got 1.5'));
    expect(() => Matrix.fromRows([{ length: NaN }] as never, 'inputs')).toThrow(new DataError('inputs row 0 is not an array of numbers, got {"length":null}'));
  });
});
