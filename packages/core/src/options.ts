/** Checks for numeric options, shared by every function that takes them. */
import { ConfigError, show } from './errors.js';

/** Checks a numeric option: a finite number within [min, max] (ends open when `open` says). */
export function numberOption(
  field: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  open: { min?: boolean; max?: boolean } = {},
): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (open.min ? value > min : value >= min) &&
    (open.max ? value < max : value <= max);
  if (!ok) {
    const low = `${open.min ? '>' : '≥'} ${min}`;
    const high = max === Infinity ? '' : ` and ${open.max ? '<' : '≤'} ${max}`;
    throw new ConfigError(field, `must be a number ${low}${high}, got ${show(value)}`);
  }
  return value;
}

/** Checks a whole-number option within [min, max]. */
export function integerOption(field: string, value: unknown, fallback: number, min: number, max = Infinity): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const high = max === Infinity ? '' : ` and ≤ ${max}`;
    throw new ConfigError(field, `must be a whole number ≥ ${min}${high}, got ${show(value)}`);
  }
  return value;
}

/** Checks a true/false option. */
export function booleanOption(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(field, `must be true or false, got ${show(value)}`);
  return value;
}
