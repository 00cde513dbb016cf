import { readFileSync } from 'node:fs';
import { DataError, FormatError, Model } from '@bpnn/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFannData, writeFannData } from './fann-data.js';

// FANN's own xor.data (from the FANN 2.2 examples), as the fixture README describes it.
const xor = readFileSync(new URL('../../test/fixtures/fann/xor.data', import.meta.url));

describe('FANN .data files', () => {
  it('reads xor.data: 4 samples of 2 inputs and 1 output, as the file lists them', async () => {
    const data = await readFannData(xor, { source: 'xor.data' });
    expect(data.inputNames).toEqual(['x1', 'x2']);
    expect(data.targetNames).toEqual(['y1']);
    expect((data.inputs as { toRows(): number[][] }).toRows()).toEqual([[-1, -1], [-1, 1], [1, -1], [1, 1]]);
    expect(data.targets).toEqual([[-1], [1], [1], [-1]]);
    expect(Model.train(data, { hidden: [4], epochs: 1, task: 'regression' }).model.inputNames).toEqual(['x1', 'x2']);
  });

  it('writes xor.data back byte for byte', async () => {
    expect(writeFannData(await readFannData(xor))).toBe(xor.toString('utf8'));
  });

  it('streams chunks split anywhere, CRLF endings and blank lines included', async () => {
    const text = '2 3 1\r\n1 2.5 -3e-2\r\n\r\n0.5\r\n4 5 6\r\n-7\r\n';
    for (let size = 1; size <= text.length; size += 3) {
      async function* chunks() {
        for (let i = 0; i < text.length; i += size) yield new TextEncoder().encode(text.slice(i, i + size));
      }
      const data = await readFannData(chunks());
      expect((data.inputs as { toRows(): number[][] }).toRows()).toEqual([[1, 2.5, -0.03], [4, 5, 6]]);
      expect(data.targets).toEqual([[0.5], [-7]]);
    }
  });

  it('round-trips any finite numbers exactly', async () => {
    const finite = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 5e-324, 1.7976931348623157e308));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.tuple(fc.array(finite, { minLength: 4, maxLength: 4 }), fc.array(finite, { minLength: 3, maxLength: 3 })), { maxLength: 6 }), async (nIn, nOut, rows) => {
        const inputs = rows.map(([x]) => x.slice(0, nIn));
        const targets = rows.map(([, y]) => y.slice(0, nOut));
        if (rows.length === 0) return;
        const back = await readFannData(writeFannData({ inputs, targets }));
        expect((back.inputs as { toRows(): number[][] }).toRows()).toEqual(inputs);
        expect(back.targets).toEqual(targets);
      }),
      { numRuns: 100 },
    );
  });

  it('names the line, the sample and the value of every mistake', async () => {
    const read = (text: string) => readFannData(text, { source: 'x.data' });
    await expect(read('4 2\n')).rejects.toThrow(new FormatError('x.data line 1: must be "num_samples num_inputs num_outputs" (whole numbers, inputs and outputs ≥ 1), got "4 2"'));
    await expect(read('1 0 1\n\n1\n')).rejects.toThrow('x.data line 1: must be "num_samples num_inputs num_outputs"');
    await expect(read('2 2 1\n-1 -1\n-1\n-1\n1\n')).rejects.toThrow('x.data line 4: the input line of sample 2 has 1 values, expected 2 (num_inputs on line 1)');
    await expect(read('1 2 1\n-1 -1\n-1 0\n')).rejects.toThrow(new FormatError('x.data line 3: the output line of sample 1 has 2 values, expected 1 (num_outputs on line 1)'));
    // a hand-written xor.data with each sample on one line, which FANN's fscanf reads but fann_save_train never writes
    await expect(read('4 2 1\n0 0 0\n0 1 1\n1 0 1\n1 1 0\n')).rejects.toThrow(new FormatError("x.data line 2: the input line of sample 1 has 3 values, expected 2 (num_inputs on line 1): it holds the sample's inputs and outputs; put its 1 output on the next line, as fann_save_train writes them"));
    await expect(read('1 2 1\n-1 abc\n-1\n')).rejects.toThrow(new DataError('x.data line 2: input 2 of sample 1 is "abc", not a finite number'));
    await expect(read('1 2 1\n-1 1\n0x10\n')).rejects.toThrow('x.data line 3: output 1 of sample 1 is "0x10", not a finite number');
    await expect(read('1 2 1\n-1 1\n1e999\n')).rejects.toThrow('x.data line 3: output 1 of sample 1 is "1e999", not a finite number');
    await expect(read('1 2 1\n-1 1\n1\n2 2\n')).rejects.toThrow('x.data line 4: more data than the 1 samples line 1 announces');
    await expect(read('3 2 1\n-1 1\n1\n2 2\n')).rejects.toThrow('x.data line 4: the file ends in sample 2, before its output line, but line 1 announces 3 samples');
    await expect(read('999999999 2 1\n-1 1\n1\n')).rejects.toThrow('x.data line 3: the file ends after sample 1, but line 1 announces 999999999 samples');
    await expect(read('')).rejects.toThrow('x.data: empty, expected a first line "num_samples num_inputs num_outputs"');
    expect(() => writeFannData({ inputs: [[1]], targets: [['setosa']] })).toThrow('target row 0 column 0 is "setosa": FANN data holds numbers only (one-hot encode class labels first)');
  });
});

describe('writeFannData refuses what is not a data set of numbers', () => {
  it('null, a flat list as the data, and label targets (flat or in rows) are DataErrors; a flat list of numbers is one column', () => {
    expect(() => writeFannData(null as never)).toThrow(new DataError('data must be a data set { inputs, targets } (targets a list with one row or one number per sample), got null'));
    expect(() => writeFannData([1, 2, 3] as never)).toThrow(/^data must be a data set \{ inputs, targets \}.*got \[1, 2, 3\]$/);
    expect(() => writeFannData({ inputs: [[0], [1]], targets: ['a', 'b'] })).toThrow(new DataError('target row 0 column 0 is "a": FANN data holds numbers only (one-hot encode class labels first)'));
    expect(() => writeFannData({ inputs: [[0], [1]], targets: [[null], [1]] as never })).toThrow(/^target row 0 column 0 is null: FANN data holds numbers only/);
    expect(writeFannData({ inputs: [[0], [1]], targets: [0, 1] })).toBe('2 1 1\n0\n0\n1\n1\n');
  });
});
