/**
 * Strict options: every object a user passes in is checked key by key, so that a misspelt key or
 * another library's name for an option is an error that says what was meant, never silently
 * ignored (`fit(x, y, { iterations: 5000 })` would otherwise run the default 200 epochs).
 * The names other libraries use, with what they are here, live beside this file in
 * option-aliases.ts.
 */
import { ConfigError, show } from './errors.js';
import { aliasFor } from './option-aliases.js';

/**
 * The names of an options type, written as `{ epochs: true, … }` so that the compiler checks the
 * list is complete and has nothing extra: `optionNames<FitOptions>({ … })`.
 */
export function optionNames<T>(names: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(names));
}

/**
 * Checks that `options` is a plain object whose keys are all in `known`. `owner` says what takes
 * the options (`fit`, `new Network`, `optimizer sgd`); `field` is the object's own name in
 * messages (`earlyStopping` makes `earlyStopping.patiense`). Every unknown key is named, with
 * the closest known key or, for another library's name, what it is here.
 */
export function checkOptions(options: unknown, known: readonly string[], owner: string, field = 'options'): void {
  checkObject(options, field);
  const unknown = Object.keys(options as object).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const prefix = field === 'options' ? '' : `${field}.`;
  const values = options as Record<string, unknown>;
  const hints = unknown.map((key) => advice(key, values[key], known));
  const rest = unknown.slice(1).map((key, k) => `; nor is ${prefix}${key}${hints[k + 1]}`);
  const list = hints.some((h) => h === '') ? ` (the options are ${known.join(', ')})` : '';
  throw new ConfigError(`${prefix}${unknown[0]}`, `is not an option of ${owner}${hints[0]}${rest.join('')}${list}`);
}

/**
 * Checks that `value` is a plain object: not null, an array or a class instance such as a Matrix.
 * (Its prototype is an Object.prototype, of any realm, or null.)
 */
export function checkObject(value: unknown, field: string, expected = 'an object of options'): void {
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  const plain = proto === null || (proto !== undefined && Object.getPrototypeOf(proto) === null && !Array.isArray(value));
  if (!plain) throw new ConfigError(field, `must be ${expected}, got ${show(value)}`);
}

/** `: did you mean epochs?`, or what another library's name is here, or nothing. */
function advice(key: string, value: unknown, known: readonly string[]): string {
  const alias = aliasFor(key, known);
  if (alias !== undefined) return `: ${alias(show(value))}`;
  const closest = closestName(key, known);
  return closest === undefined ? '' : `: did you mean ${closest}?`;
}

/**
 * The known name nearest to `key`: the same letters in another case or with `_`/`-` (batch_size →
 * batchSize), else the smallest edit distance, if it is small for the word's length (at most one
 * edit in four letters, and at most 3), else a name it abbreviates (eps → epsilon).
 */
export function closestName(key: string, known: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const same = known.find((name) => plain(name) === plain(key));
  if (same !== undefined) return same;
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 4)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of known) {
    const d = editDistance(plain(key), plain(name));
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  // An abbreviation: eps → epsilon.
  return best ?? (key.length >= 3 ? known.find((name) => plain(name).startsWith(plain(key))) : undefined);
}

/**
 * Edits (insert, delete, substitute, swap two neighbours) that turn a into b: the optimal string
 * alignment distance, so that `epcohs` is one edit from `epochs`.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
