import { describe, expect, it } from 'vitest';
import { BpnnError, ConfigError, DataError, FormatError, show } from './errors.js';

// A second copy of this module, as a program gets when it loads both the ES modules and the
// CommonJS build of @bpnn/core: the query makes the module loader evaluate the file again.
const secondCopy: string = './errors.js?second-copy';
const other = (await import(secondCopy)) as typeof import('./errors.js');

describe('bpnn errors across copies of @bpnn/core', () => {
  it('the second copy really has other classes', () => {
    expect(other.ConfigError).not.toBe(ConfigError);
    expect(Object.getPrototypeOf(new other.ConfigError('x', 'y'))).not.toBe(ConfigError.prototype);
  });

  it('instanceof recognises an error of the other copy as its class and its base classes', () => {
    const error = new other.ConfigError('learningRate', 'must be > 0, got -0.1');
    expect(error instanceof ConfigError).toBe(true);
    expect(error instanceof BpnnError).toBe(true);
    expect(new ConfigError('a', 'b') instanceof other.BpnnError).toBe(true);
  });

  it('instanceof stays false for another class, a plain Error, look-alikes and non-objects', () => {
    expect(new other.ConfigError('a', 'b') instanceof DataError).toBe(false);
    expect(new other.DataError('x') instanceof FormatError).toBe(false);
    expect(new Error('x') instanceof BpnnError).toBe(false);
    class ConfigErrorLookAlike extends Error {}
    Object.defineProperty(ConfigErrorLookAlike, 'name', { value: 'ConfigError' });
    expect(new ConfigErrorLookAlike() instanceof ConfigError).toBe(false);
    for (const value of ['ConfigError', null, undefined, 0] as unknown[]) expect((value as object) instanceof BpnnError).toBe(false);
  });

  it('a subclass made outside core is recognised by its own class only', () => {
    class FileError extends FormatError {}
    expect(new FileError('x') instanceof FormatError).toBe(true);
    expect(new FileError('x') instanceof other.FormatError).toBe(true);
    expect(new other.FormatError('x') instanceof FileError).toBe(false);
  });
});

describe('show', () => {
  it('shows values as a message quotes them, arrays shortened', () => {
    expect(show('abc')).toBe('"abc"');
    expect(show(NaN)).toBe('NaN');
    expect(show(undefined)).toBe('nothing');
    expect(show([1, [2, 3], 'x'])).toBe('[1, [2, 3], "x"]');
    expect(show([1, 2, 3, 4, 5, 6, 7, 8])).toBe('[1, 2, 3, 4, 5, 6, … (8 items)]');
  });

  it('shows arrays 3 deep, so that a value nested 100,000 deep (from a file) is a short message, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(show(deep)).toBe('[[[[…]]]]');
    expect(show([[[[]]]])).toBe('[[[[]]]]');
  });
});
