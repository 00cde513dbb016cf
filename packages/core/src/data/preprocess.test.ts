import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../errors.js';
import { cellNumber, numberLike } from './cell-number.js';
import { classesOf, encodeLabels, oneHot } from './labels.js';
import { Matrix } from './matrix.js';
import { fitScaler, scale, unscale } from './scaler.js';
import { inferTask } from './task.js';

describe('scaling', () => {
  const x = Matrix.fromRows([
    [1, 10, 5],
    [3, 20, 5],
    [5, 60, 5],
  ]);

  it('standardises to mean 0 and (population) standard deviation 1', () => {
    const scaler = fitScaler('standard', x);
    expect(scaler.offset).toEqual([3, 30, 5]);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 15);
    expect(scaler.scale[2]).toBe(1); // a constant column is left unscaled, not divided by 0
    const s = scale(scaler, x, 'float64');
    expect(s.get(0, 0)).toBeCloseTo(-2 / Math.sqrt(8 / 3), 15);
    expect(Array.from(unscale(scaler, s).data)).toEqual(Array.from(x.data).map((v) => expect.closeTo(v, 12)));
  });

  it('min-max scales into [0, 1]', () => {
    const s = scale(fitScaler('minmax', x), x, 'float64');
    expect(s.toRows()).toEqual([
      [0, 0, 0],
      [0.5, 0.2, 0],
      [1, 1, 0],
    ]);
  });
});

describe('labels', () => {
  it('sorts classes, numerically when they are numbers', () => {
    expect(classesOf(['b', 'a', 'c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(classesOf(['10', '9', '1', '0'])).toEqual(['0', '1', '9', '10']);
  });

  it('one-hot encodes and refuses an unknown label', () => {
    expect(oneHot(encodeLabels(['b', 'a'], ['a', 'b']), 2).toRows()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(() => encodeLabels(['a', 'z'], ['a', 'b'], 'species')).toThrow('species row 1 is "z", a class the model was not trained on');
  });
});

describe('inferTask', () => {
  it('reads words and few repeated whole numbers as classes, the rest as regression', () => {
    expect(inferTask([['setosa'], ['virginica']])).toBe('classification');
    expect(inferTask(Array.from({ length: 100 }, (_, i) => [String(i % 10)]))).toBe('classification');
    expect(inferTask(Array.from({ length: 100 }, (_, i) => [String(i * 1.5)]))).toBe('regression');
    expect(inferTask(Array.from({ length: 400 }, (_, i) => [`${25 + (i % 200)}.0`]))).toBe('regression'); // many distinct whole numbers
    expect(inferTask([[1, 2], [3, 4]])).toBe('regression');
  });

  it('refuses a missing value among numeric targets, which would make a class of each value, and a cell that is not a label or a number', () => {
    const y = Array.from({ length: 30 }, (_, i) => [i * 1.37]);
    for (const gap of [NaN, Infinity, '', 'NA', ' n/a ', '?']) {
      const targets = y.map((row, i) => (i === 3 ? [gap] : row));
      expect(() => inferTask(targets), String(gap)).toThrow(/^the target holds .*, a missing value, among numbers: a target cannot be missing/);
    }
    expect(() => inferTask([[1], [null as never], [2]])).toThrow('a target cell is null: a target is a class label (a string) or a number');
    expect(() => inferTask(null as never)).toThrow('targets must be an array of rows');
    // among words, "NA" may be a class (North America)
    expect(inferTask([['EU'], ['NA'], ['EU'], ['NA']])).toBe('classification');
  });

  it('refuses numbers written with a decimal comma or as percentages, which would make a class of each value', () => {
    // A regression target as a spreadsheet in a European locale saves it: 1.37·i with a decimal comma.
    const europe = Array.from({ length: 30 }, (_, i) => [(i * 1.37).toFixed(2).replace('.', ',')]);
    expect(() => inferTask(europe)).toThrow(`the target holds "0,00", a number written with a comma (a decimal comma or a thousands separator), which is not read as a number: write the target's numbers with a decimal point and no separators or %, or read a CSV file written with decimal commas with decimal "," (--decimal , on the command line) (or, if they are classes, say task: 'classification')`);
    expect(() => inferTask([['12,000'], ['3'], ['8.5']])).toThrow(/the target holds "12,000", a number written with a comma/);
    expect(() => inferTask([['15%'], ['20 %'], ['15%']])).toThrow(/the target holds "15%", a percentage/);
    // beside a word that is no number, they are labels like it
    expect(inferTask([['1,2'], ['3,4'], ['other']])).toBe('classification');
  });

  it('numberLike names the ways spreadsheets in other locales write numbers, and nothing that is a word or a number', () => {
    const comma = 'a number written with a comma (a decimal comma or a thousands separator)';
    const grouped = "a number with its digits grouped by spaces or apostrophes (1 000, 1'000)";
    const minus = 'a number written with a typographic minus sign (−, U+2212, or a dash) instead of the ASCII hyphen-minus (-)';
    const cases: [string, string | undefined][] = [
      ['1,5', comma], ['-1.234,5', comma], ['12,000,000', comma], ['\u22121,5', comma],
      ['1 000', grouped], ['1\u00a0234,5', grouped], ['12\u202f345', grouped], ["1'000'000.25", grouped],
      ['\u22121.5', minus], ['\u20133', minus], ['\u2212.5e3', minus],
      ['15%', 'a percentage'], ['-2.5 %', 'a percentage'], ['$12', 'an amount with a currency sign'], ['12.50 €', 'an amount with a currency sign'],
      // words, and what cellNumber reads, are not
      ['1.5', undefined], ['-3', undefined], ['setosa', undefined], ['$$', undefined], ['1,2,a', undefined], ['10 000 m', undefined], ['\u2212', undefined], ['2020-01-01', undefined], ['12:30', undefined],
    ];
    for (const [cell, why] of cases) expect(numberLike(cell), cell).toBe(why);
  });

  it('reads 0x…, 0o… and 0b… as words, not the numbers JavaScript makes of them (cellNumber)', () => {
    // As numbers these would be 1.5, 2.5, … (regression) and 16, 2 (sorted numerically).
    expect(inferTask(Array.from({ length: 100 }, (_, i) => [`0x${i.toString(16)}`]))).toBe('classification');
    expect(classesOf(['0x10', '0b10', '3'])).toEqual(['0b10', '0x10', '3']);
    expect(classesOf(['10', ' 9', '2'])).toEqual(['2', ' 9', '10']);
    expect([cellNumber('0x10'), cellNumber('0O7'), cellNumber(' 0b1'), cellNumber(''), cellNumber(' '), cellNumber('1e3'), cellNumber('-0x10')]).toEqual([NaN, NaN, NaN, NaN, NaN, 1000, NaN]);
  });
});

describe('oneHot refuses class indices outside [0, classCount)', () => {
  it('5, −1 and NaN of 2 classes are DataErrors naming the row, not rows of zeros', () => {
    expect(() => oneHot([0, 5], 2)).toThrow(new DataError('class index of row 1 must be a whole number from 0 to 1 (classCount − 1), got 5'));
    expect(() => oneHot([-1], 2)).toThrow(new DataError('class index of row 0 must be a whole number from 0 to 1 (classCount − 1), got -1'));
    expect(() => oneHot([NaN], 2)).toThrow(new DataError('class index of row 0 must be a whole number from 0 to 1 (classCount − 1), got NaN'));
    expect(() => oneHot([0], 0)).toThrow(new ConfigError('classCount', 'must be a whole number ≥ 1, got 0'));
    expect(oneHot([1, 0], 2).toRows()).toEqual([[0, 1], [1, 0]]);
  });
});
