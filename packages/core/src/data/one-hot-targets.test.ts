import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { DataError } from '../errors.js';
import { labelsFromOneHot, oneHotOff } from './one-hot-targets.js';

const data = (targets: (string | number)[][], targetNames = ['c0', 'c1', 'c2']): Dataset => ({
  inputNames: ['x'],
  inputs: targets.map((_, r) => [r]),
  targetNames,
  targets,
});

describe('one-hot target columns', () => {
  it('are recognised by their values: 0/1 or −1/1 in at least two columns', () => {
    expect(oneHotOff(data([[1, 0, 0], [0, 0, 1]]))).toBe(0);
    expect(oneHotOff(data([['0', '1', '0']]))).toBe(0); // CSV cells are text
    expect(oneHotOff(data([[-1, 1, -1], [1, -1, -1]]))).toBe(-1);
    expect(oneHotOff(data([[1, 1, 0]]))).toBe(0); // several 1s: still one-hot columns, labelsFromOneHot names the row
    expect(oneHotOff(data([[1, 0.5, 0]]))).toBeNull();
    expect(oneHotOff(data([[1, 0, -1]]))).toBeNull(); // 0 and −1 mixed
    expect(oneHotOff(data([[1], [0]], ['y']))).toBeNull(); // one column: a 0/1 label, not one-hot
  });

  it("become one label column named after the column holding each row's 1", () => {
    const labelled = labelsFromOneHot(data([[1, 0, 0], [0, 0, 1], [0, 1, 0]]));
    expect(labelled.targetNames).toEqual(['class']);
    expect(labelled.targets).toEqual([['c0'], ['c2'], ['c1']]);
    expect(labelsFromOneHot(data([[-1, 1]], ['no', 'yes']), { name: 'answer' }).targets).toEqual([['yes']]);
  });

  it('refuse a row with no 1 or several, naming the row and how to fit such columns', () => {
    const none = () => labelsFromOneHot(data([[1, 0, 0], [0, 0, 0]]), { source: 'a.csv' });
    expect(none).toThrow(DataError);
    expect(none).toThrow('a.csv: row 2 has no 1, but one-hot target columns (c0, c1, c2) need exactly one 1 per row (to fit them as separate numbers instead, train with the task regression)');
    expect(() => labelsFromOneHot(data([[1, 0, 1]]), { unit: 'sample' })).toThrow('sample 1 has a 1 in each of c0, c2, but');
  });
});
