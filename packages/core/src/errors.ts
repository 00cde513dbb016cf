/**
 * The typed errors of bpnn. Each names the field, the constraint and the value, so that the CLI and
 * the server map them to exit codes and HTTP statuses by class, never by matching strings.
 */

/** The base class: every error bpnn throws on purpose is one of these. */
export class BpnnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

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

/** A model or data file that is not what it claims to be (used by @bpnn/serialize). */
export class FormatError extends BpnnError {}

/** Training that diverged (a loss of NaN or ±∞); the network keeps its last finite weights. */
export class TrainingError extends BpnnError {}

/** A value for a message: strings quoted, numbers as written (NaN, Infinity by name), long
 * arrays and strings shortened, undefined as "nothing". */
export function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `${value}`;
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) {
    const head = value.slice(0, 6).map(show).join(', ');
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
