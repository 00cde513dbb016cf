/**
 * Parsers for flag values. Each checks one flag and throws commander's InvalidArgumentError with
 * a message that names the flag, what it takes and what it got; bpnn.ts turns that into exit 2.
 */
import { csvEncoding } from '@bpnn/serialize';
import { InvalidArgumentError } from 'commander';

const got = (value: string) => `got ${JSON.stringify(value)}`;

/**
 * A number written in decimal, as a CSV cell is read (`12`, `-0.5`, `.5`, `1e3`), else NaN: `0x10`,
 * `0b11` and `Infinity`, which JavaScript's Number() reads, are not taken as 16, 3 or ∞.
 */
function decimal(value: string): number {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
}

/**
 * A whole number ≥ min (and ≤ max when given), and at most 2^53 − 1: a larger one (`--seed
 * 9007199254740993`, `1e20`) has no exact double, so it would be read as a neighbour of itself.
 */
export function wholeNumber(flag: string, min: number, max = Infinity) {
  return (value: string): number => {
    const n = decimal(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new InvalidArgumentError(`${flag} must be a whole number ${range}, ${got(value)}`);
    }
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${flag} must be a whole number from ${min} to ${Number.MAX_SAFE_INTEGER} (2^53 − 1), ${got(value)}`);
    return n;
  };
}

/** A finite number in a range; `open` makes an end exclusive. */
export function number(flag: string, min = -Infinity, max = Infinity, open: { min?: boolean; max?: boolean } = {}) {
  return (value: string): number => {
    const n = decimal(value);
    const ok = Number.isFinite(n) && (open.min ? n > min : n >= min) && (open.max ? n < max : n <= max);
    if (!ok) {
      const parts: string[] = [];
      if (min !== -Infinity) parts.push(`${open.min ? '>' : '≥'} ${min}`);
      if (max !== Infinity) parts.push(`${open.max ? '<' : '≤'} ${max}`);
      throw new InvalidArgumentError(`${flag} must be a number${parts.length ? ` ${parts.join(' and ')}` : ''}, ${got(value)}`);
    }
    return n;
  };
}

/** A comma-separated list of whole numbers ≥ min: `--hidden 32,16`. `none` (when allowed) is []. */
export function wholeNumberList(flag: string, min: number, allowNone = false) {
  return (value: string): number[] => {
    if (allowNone && value.trim() === 'none') return [];
    const items = value.split(',').map((s) => s.trim());
    const numbers = items.map(decimal);
    if (numbers.some((n) => !Number.isInteger(n) || n < min)) {
      const none = allowNone ? ' (or none)' : '';
      throw new InvalidArgumentError(`${flag} must be a comma-separated list of whole numbers ≥ ${min}${none}, ${got(value)}`);
    }
    return numbers;
  };
}

/**
 * The names of a comma-separated list, each trimmed; a name in double quotes, as a CSV field is
 * written, may hold commas and `""` for a quote (`"Price, USD",x` is `Price, USD` and `x`), so
 * that any column of a CSV file can be named. Undefined when a quote is never closed.
 */
function splitNames(value: string): string[] | undefined {
  const names: string[] = [];
  let at = 0;
  for (;;) {
    while (value[at] === ' ') at++;
    if (value[at] === '"') {
      const quoted = /^"((?:[^"]|"")*)" *(?=,|$)/.exec(value.slice(at));
      if (quoted === null) return undefined;
      names.push(quoted[1].replaceAll('""', '"'));
      at += quoted[0].length;
    } else {
      const end = value.indexOf(',', at) < 0 ? value.length : value.indexOf(',', at);
      names.push(value.slice(at, end).trim());
      at = end;
    }
    if (at >= value.length) return names;
    at++; // the comma
  }
}

/** A comma-separated list of non-empty names, each once: `--target a,b`, `--target '"Price, USD"'`. */
export function nameList(flag: string) {
  return (value: string): string[] => {
    const names = splitNames(value);
    if (names === undefined || names.some((s) => s === '')) {
      throw new InvalidArgumentError(`${flag} must be a comma-separated list of column names (a name with a comma in double quotes: '"Price, USD",x'), ${got(value)}`);
    }
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) throw new InvalidArgumentError(`${flag} names ${JSON.stringify(twice)} twice; each name must be given once, ${got(value)}`);
    return names;
  };
}

/** A CSV field separator: one character, and not one that CSV gives a meaning of its own (a quote, a line break). */
export function delimiter(flag: string) {
  return (value: string): string => {
    if (value.length !== 1) throw new InvalidArgumentError(`${flag} must be one character, ${got(value)}`);
    if (value === '"' || value === '\n' || value === '\r') throw new InvalidArgumentError(`${flag} cannot be a quote or a line break, which CSV reads as quoting and as the end of a row, ${got(value)}`);
    return value;
  };
}

/** --decimal's help, the same for every command that reads CSV. */
export const DECIMAL_HELP = 'decimal mark of the CSV\'s numbers: . or , (1,5 and -0,25, as spreadsheets in much of Europe write them, with --delimiter ";"); with , a number with a point is an error unless --thousands .';

/** --thousands' help, the same for every command that reads CSV. */
export const THOUSANDS_HELP = 'with --decimal ,: . groups digits in threes (1.234,5 is 1234.5)';

/** A decimal mark: . or , (serialize's DECIMAL_MARKS). */
export function decimalMark(flag: string) {
  return (value: string): '.' | ',' => {
    if (value !== '.' && value !== ',') throw new InvalidArgumentError(`${flag} must be . or , (the mark between a number's whole part and its fraction), ${got(value)}`);
    return value;
  };
}

/** A mark that groups digits in threes: . (with --decimal ,). */
export function thousandsMark(flag: string) {
  return (value: string): '.' => {
    if (value !== '.') throw new InvalidArgumentError(`${flag} must be . (the mark that groups digits in threes, with --decimal ,), ${got(value)}`);
    return value;
  };
}

/** --encoding's help, the same for every command that reads CSV. */
export const ENCODING_HELP = 'character encoding of the CSV: utf-8, windows-1252 (or latin1: what Excel on Windows saves as "CSV"), utf-16le, utf-16be, iso-8859-15, shift_jis, gbk, … (the Encoding Standard\'s names and labels); a byte-order mark decides over it';

/**
 * A character encoding of CSV bytes: a name or label of the Encoding Standard's (serialize's
 * CSV_ENCODINGS: utf-8, windows-1252 or latin1, utf-16le, shift_jis, …), given as its name.
 */
export function encoding(flag: string) {
  return (value: string): string => {
    try {
      return csvEncoding(value);
    } catch (error) {
      throw new InvalidArgumentError(`${flag} ${(error as Error).message.replace(/^encoding /, '')}`);
    }
  };
}

/** One of a fixed set of words. */
export function choice<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}, ${got(value)}`);
    }
    return value as T;
  };
}

/** `auto` or a whole number from 1 to 256 (core's thread count). */
export function threads(flag: string) {
  const count = wholeNumber(flag, 1, 256);
  return (value: string): number | 'auto' => {
    if (value === 'auto') return 'auto';
    try {
      return count(value);
    } catch {
      throw new InvalidArgumentError(`${flag} must be auto or a whole number from 1 to 256, ${got(value)}`);
    }
  };
}

/** An activation by name, with leaky-relu's or elu's alpha after a colon: `leaky-relu:0.1`. */
export function activationFlag(flag: string, names: readonly string[]) {
  return (value: string): string | { name: string; alpha: number } => {
    const [name, alpha, ...rest] = value.split(':');
    if (!names.includes(name) || rest.length > 0) {
      throw new InvalidArgumentError(`${flag} must be one of ${names.join(', ')} (leaky-relu and elu take :alpha, as in leaky-relu:0.1), ${got(value)}`);
    }
    if (alpha === undefined) return name;
    const a = decimal(alpha);
    if (!Number.isFinite(a) || a <= 0) throw new InvalidArgumentError(`${flag} alpha must be a number > 0, ${got(value)}`);
    return { name, alpha: a };
  };
}

/**
 * A name with numeric settings after a colon, `step:every=10,factor=0.5` → `{ name: 'step', every:
 * 10, factor: 0.5 }` (`--schedule`); core checks the settings themselves and names a wrong one.
 */
export function namedSettings(flag: string, names: readonly string[], example: string) {
  return (value: string): { name: string } & Record<string, number | string> => {
    const [name, settings, ...rest] = value.split(':');
    if (!names.includes(name) || rest.length > 0) throw new InvalidArgumentError(`${flag} must be one of ${names.join(', ')}, with settings as in ${example}, ${got(value)}`);
    const spec: { name: string } & Record<string, number | string> = { name };
    for (const pair of settings === undefined || settings === '' ? [] : settings.split(',')) {
      const [key, number] = pair.split('=');
      const n = number === undefined ? NaN : decimal(number);
      if (!/^[A-Za-z]+$/.test(key) || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} settings must be key=number pairs separated by commas, as in ${example}, ${got(value)}`);
      spec[key] = n;
    }
    return spec;
  };
}

/** One share in [0, 1), or several separated by commas (`--dropout 0.2` or `--dropout 0.2,0.1`). */
export function shares(flag: string) {
  const share = number(flag, 0, 1, { max: true });
  return (value: string): number | number[] => {
    const list = value.split(',').map(share);
    return list.length === 1 ? list[0] : list;
  };
}

/** `balanced`, `none`, or weights by class label: `--class-weights spam=4,ham=1`. */
export function classWeightsFlag(flag: string) {
  return (value: string): 'balanced' | 'none' | Record<string, number> => {
    if (value === 'balanced' || value === 'none') return value;
    const entries = value.split(',').map((item) => {
      const at = item.lastIndexOf('=');
      const label = item.slice(0, at).trim();
      const weight = at < 0 ? NaN : decimal(item.slice(at + 1));
      if (label === '' || !Number.isFinite(weight) || weight <= 0) {
        throw new InvalidArgumentError(`${flag} must be balanced, none, or label=weight pairs with weights > 0 such as spam=4,ham=1, ${got(value)}`);
      }
      return [label, weight] as const;
    });
    return Object.fromEntries(entries);
  };
}
