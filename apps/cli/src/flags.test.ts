import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { activationFlag, choice, delimiter, nameList, number, threads, wholeNumber, wholeNumberList } from './flags.js';

const refused = (parse: (v: string) => unknown, value: string) => {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  throw new Error(`${value} was accepted`);
};

describe('flag values', () => {
  it('whole numbers, numbers in ranges and lists, with messages that quote the value', () => {
    expect(wholeNumber('--epochs', 1)('12')).toBe(12);
    expect(refused(wholeNumber('--epochs', 1), '1.5')).toBe('--epochs must be a whole number ≥ 1, got "1.5"');
    expect(refused(wholeNumber('--epochs', 1), '')).toBe('--epochs must be a whole number ≥ 1, got ""');
    // Decimal notation only, as a CSV cell is read: JavaScript's hex, binary and Infinity are refused.
    expect(wholeNumber('--epochs', 1)('1e3')).toBe(1000);
    expect(refused(wholeNumber('--epochs', 1), '0x10')).toBe('--epochs must be a whole number ≥ 1, got "0x10"');
    expect(refused(wholeNumberList('--hidden', 1), '0b11,8')).toContain('got "0b11,8"');
    expect(refused(number('--learning-rate', 0, Infinity, { min: true }), '0x1')).toBe('--learning-rate must be a number > 0, got "0x1"');
    expect(number('--l2', 0)('.5')).toBe(0.5);
    // 2^53 + 1 has no exact double (it would be read as 2^53), nor has 1e20 a whole number's meaning here.
    expect(wholeNumber('--seed', 0)('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(refused(wholeNumber('--seed', 0), '9007199254740993')).toBe('--seed must be a whole number from 0 to 9007199254740991 (2^53 − 1), got "9007199254740993"');
    expect(refused(wholeNumber('--epochs', 1), '1e20')).toBe('--epochs must be a whole number from 1 to 9007199254740991 (2^53 − 1), got "1e20"');
    expect(number('--momentum', 0, 1, { max: true })('0.9')).toBe(0.9);
    expect(refused(number('--momentum', 0, 1, { max: true }), '1')).toBe('--momentum must be a number ≥ 0 and < 1, got "1"');
    expect(refused(number('--l2', 0), 'NaN')).toBe('--l2 must be a number ≥ 0, got "NaN"');
    expect(wholeNumberList('--hidden', 1, true)('32, 16')).toEqual([32, 16]);
    expect(wholeNumberList('--hidden', 1, true)('none')).toEqual([]);
    expect(refused(wholeNumberList('--hidden', 1, true), '32,x')).toBe('--hidden must be a comma-separated list of whole numbers ≥ 1 (or none), got "32,x"');
    expect(refused(wholeNumberList('--hidden', 1), '32,,16')).toContain('got "32,,16"');
    expect(nameList('--target')('a,b')).toEqual(['a', 'b']);
    expect(refused(nameList('--target'), 'a,')).toBe(`--target must be a comma-separated list of column names (a name with a comma in double quotes: '"Price, USD",x'), got "a,"`);
    // A name in double quotes, as a CSV field: commas and "" inside it, spaces around it.
    expect(nameList('--target')('"Price, USD", x ,"say ""hi"""')).toEqual(['Price, USD', 'x', 'say "hi"']);
    expect(nameList('--target')('"Price, USD"')).toEqual(['Price, USD']);
    expect(nameList('--target')('a "b" c')).toEqual(['a "b" c']); // a quote inside a name is a character
    expect(refused(nameList('--target'), '"Price, USD')).toContain(String.raw`got "\"Price, USD"`);
    expect(refused(nameList('--target'), '"a"b')).toContain(String.raw`got "\"a\"b"`);
    expect(refused(delimiter('--delimiter'), '"')).toBe('--delimiter cannot be a quote or a line break, which CSV reads as quoting and as the end of a row, got "\\""');
    expect(refused(nameList('--target'), 'a, b,a')).toBe('--target names "a" twice; each name must be given once, got "a, b,a"');
  });

  it('choices, threads and activations with alpha', () => {
    expect(choice('--dtype', ['float32', 'float64'])('float32')).toBe('float32');
    expect(refused(choice('--dtype', ['float32', 'float64']), 'f16')).toBe('--dtype must be one of float32, float64, got "f16"');
    expect(threads('--threads')('auto')).toBe('auto');
    expect(threads('--threads')('4')).toBe(4);
    expect(refused(threads('--threads'), '0')).toBe('--threads must be auto or a whole number from 1 to 256, got "0"');
    const act = activationFlag('--activation', ['relu', 'leaky-relu']);
    expect(act('relu')).toBe('relu');
    expect(act('leaky-relu:0.1')).toEqual({ name: 'leaky-relu', alpha: 0.1 });
    expect(refused(act, 'leaky-relu:-1')).toBe('--activation alpha must be a number > 0, got "leaky-relu:-1"');
    expect(refused(act, 'swish')).toContain('--activation must be one of relu, leaky-relu');
  });
});
