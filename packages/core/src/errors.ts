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

/** Formats a value for an error message: strings quoted, numbers as written, arrays shortened. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (Array.isArray(value)) {
    const head = value.slice(0, 8).map(show).join(', ');
    return `[${head}${value.length > 8 ? `, … (${value.length} items)` : ''}]`;
  }
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
