/**
 * The typed errors of bpnn. Each names the field, the constraint and the value, so that the CLI and
 * the server map them to exit codes and HTTP statuses by class, never by matching strings.
 */

/** Carried by BpnnError (so by every subclass): which classes are bpnn's, in any copy of it. */
const BRAND = Symbol.for('@bpnn/core error class');

/** The base class: every error bpnn throws on purpose is one of these. */
export class BpnnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * `error instanceof ConfigError` is also true for a ConfigError of another copy of @bpnn/core:
   * a program that loads both its ES modules and its CommonJS build (the dual-package hazard)
   * has two ConfigError classes. A class of the other copy is recognised by the brand and its
   * name, anywhere in the error's prototype chain.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const constructor = (proto as { constructor?: { name?: string; [BRAND]?: boolean } }).constructor;
      if (constructor?.[BRAND] === true && constructor.name === this.name) return true;
    }
    return false;
  }
}
Object.defineProperty(BpnnError, BRAND, { value: true });

/** A configuration (options, layer sizes, activation names, …) that cannot work. */
export class ConfigError extends BpnnError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
  }
}

/** Arrays whose shapes do not fit together; the message names both shapes. */
export class ShapeError extends BpnnError {}

/** Bad data: NaN, a label unseen at training time, a ragged row, … */
export class DataError extends BpnnError {}

/**
 * A missing value (NaN, an empty cell, NA, …) where none is taken. `problem` says where it is; the
 * message adds how to take such values in the library's words (the option `missing: 'mean'`). The
 * command line and other front ends say it in theirs: `withRemedy('--missing mean')`. `marked`: the
 * value is a word that may mark a missing value (NA, ?) rather than surely one. `model`: a trained
 * model's input, where the remedy is a model trained to fill them.
 */
export class MissingValueError extends DataError {
  constructor(
    readonly problem: string,
    readonly marked = false,
    readonly model = false,
  ) {
    super(missingValueMessage(problem, marked, model, "missing: 'mean'"));
  }

  /**
   * The message with `option` (how the caller's users ask for missing values to be filled) as the
   * remedy; `model` as the constructor's, where the caller knows better whether a model was reading.
   */
  withRemedy(option: string, model = this.model): string {
    return missingValueMessage(this.problem, this.marked, model, option);
  }
}

function missingValueMessage(problem: string, marked: boolean, model: boolean, option: string): string {
  const remedy = model
    ? `the model was trained without missing values; one trained with ${option} fills them with its training means`
    : `${option} fills missing values with their column's mean`;
  return `${problem} (${marked ? 'if it marks a missing value: ' : ''}${remedy})`;
}

/** A model or data file that is not what it claims to be (used by @bpnn/serialize). */
export class FormatError extends BpnnError {}

/** Training that diverged (a loss of NaN or ±∞); the network keeps its last finite weights. */
export class TrainingError extends BpnnError {}

/** A value for a message: strings quoted, numbers as written (NaN, Infinity by name), long
 * arrays and strings shortened, arrays inside arrays shown 3 deep, undefined as "nothing". */
export function show(value: unknown): string {
  return shown(value, 0);
}

/** Arrays nested deeper than this are shown as `[…]`: a value from a file may nest thousands deep. */
const SHOWN_DEPTH = 3;

function shown(value: unknown, depth: number): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `${value}`;
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) {
    if (depth >= SHOWN_DEPTH && value.length > 0) return '[…]';
    const head = value.slice(0, 6).map((item) => shown(item, depth + 1)).join(', ');
    return `[${head}${value.length > 6 ? `, … (${value.length} items)` : ''}]`;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
