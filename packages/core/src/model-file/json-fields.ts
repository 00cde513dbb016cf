/**
 * Checked reads of untrusted JSON (a model file's metadata, a model's JSON form): each read states
 * what the field must be, and a value that is not that is a FileFormatError naming the field.
 */
import { BpnnError, show } from '../errors.js';
import { FileFormatError } from './file-format-error.js';

export type JsonObject = Record<string, unknown>;

/** Reads fields of one file; `advice` ends every error message. */
export class JsonFields {
  constructor(
    readonly source: string,
    readonly advice?: string,
  ) {}

  fail(field: string, problem: string, advice = this.advice): FileFormatError {
    return new FileFormatError(this.source, field, problem, advice);
  }

  /**
   * What `make` builds from fields checked one by one; a combination core refuses (softmax in a
   * hidden layer, …) is an error of `field` that says what could not be built and why.
   */
  build<T>(field: string, what: string, make: () => T): T {
    try {
      return make();
    } catch (error) {
      if (error instanceof BpnnError) throw this.fail(field, `does not describe ${what} bpnn can build: ${error.message}`);
      throw error;
    }
  }

  /** Parses JSON text; a syntax error names the field the text came from. */
  parse(text: string, field: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw this.fail(field, `must be valid JSON, but ${(error as Error).message}`);
    }
  }

  object(value: unknown, field: string): JsonObject {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.fail(field, `must be a JSON object, got ${show(value)}`);
    }
    return value as JsonObject;
  }

  /** The member `key` of `object`; missing is an error unless `optional`. */
  member(object: JsonObject, key: string, field: string, optional = false): unknown {
    if (!Object.hasOwn(object, key)) {
      if (optional) return undefined;
      throw this.fail(`${field}.${key}`, 'is missing');
    }
    return object[key];
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string') throw this.fail(field, `must be a string, got ${show(value)}`);
    return value;
  }

  /** One of `allowed`, quoted back in the error. */
  oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      throw this.fail(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${show(value)}`);
    }
    return value as T;
  }

  /** A whole number in [min, max]. */
  integer(value: unknown, field: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw this.fail(field, `must be a whole number from ${min} to ${max}, got ${show(value)}`);
    }
    return value;
  }

  finite(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.fail(field, `must be a finite number, got ${show(value)}`);
    return value;
  }

  /** An array, of exactly `length` items when given. */
  array(value: unknown, field: string, length?: number): unknown[] {
    if (!Array.isArray(value)) throw this.fail(field, `must be an array, got ${show(value)}`);
    if (length !== undefined && value.length !== length) {
      throw this.fail(field, `must have ${length} items, got ${value.length}`);
    }
    return value;
  }

  strings(value: unknown, field: string, length?: number): string[] {
    return this.array(value, field, length).map((item, i) => this.string(item, `${field}[${i}]`));
  }

  numbers(value: unknown, field: string, length?: number): number[] {
    return this.array(value, field, length).map((item, i) => this.finite(item, `${field}[${i}]`));
  }
}
