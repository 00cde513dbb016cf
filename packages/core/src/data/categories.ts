/**
 * Categorical input columns: a column of words (an island, a colour, a sex) goes into the network
 * as one 0/1 column per category, named `column=category`, in the place the column had among the
 * inputs (one-hot encoding, as scikit-learn's OneHotEncoder). A model keeps each such column's
 * categories, so that raw rows (CSV cells, JSON records) are encoded as its training data was, and
 * a category it never saw is an error that names it rather than a row of zeros.
 *
 * The model file lists them in its `model` document (`categorical`), a field that needs no new
 * format_version: a reader that does not know it (bpnn before it) takes the 0/1 columns for the
 * numeric inputs of those names, which they are, and asks a CSV file for them.
 */
import { ConfigError, DataError, show } from '../errors.js';

/** A categorical input column: its name, and its categories in the order of its 0/1 columns. */
export interface CategoricalInput {
  name: string;
  categories: readonly string[];
}

/** The most categories a column may have: past it, one 0/1 input per category is no encoding. */
export const MAX_CATEGORIES = 1000;

/**
 * Whether a column of `count` distinct values in `rows` rows is too varied to be categories: more
 * than MAX_CATEGORIES, or (from 20 rows) a different value in more than half of the rows, as an
 * identifier or free text has. Readers refuse such a column with an error that says so.
 */
export function tooManyCategories(count: number, rows: number): boolean {
  return count > MAX_CATEGORIES || (rows >= 20 && count > rows / 2);
}

/** What readers say of a column `tooManyCategories` refuses. */
export function tooManyCategoriesAdvice(count: number, rows: number): string {
  return `${count > MAX_CATEGORIES ? `more than ${MAX_CATEGORIES}` : count} different values in ${rows} rows, too many to be categories (an identifier, or free text?); leave the column out of the features`;
}

/** The network input of `category` of the categorical column `column`: "island=Biscoe". */
export function categoryColumn(column: string, category: string): string {
  return `${column}=${category}`;
}

/**
 * What is wrong when a 0/1 input of a column of categories is named as another input ("a=b" the
 * input of category "b" of "a", and a column "a=b"): undefined when the names are distinct.
 */
export function categoryNameClash(inputNames: readonly string[], categorical: readonly CategoricalInput[]): string | undefined {
  const seen = new Set<string>();
  for (const name of inputNames) {
    if (seen.has(name)) {
      const column = categorical.find((c) => c.categories.some((k) => categoryColumn(c.name, k) === name));
      return `the input ${show(name)} of the category ${show(name.slice((column?.name.length ?? 0) + 1))} of ${show(column?.name ?? '')} is also the name of another column; rename that column`;
    }
    seen.add(name);
  }
  return undefined;
}

/**
 * The categories of a column as its 0/1 columns order them: numbers by value when every category
 * is one, else by code unit (as classes are sorted), so that the order never depends on the rows'.
 */
export function sortCategories(categories: Iterable<string>): string[] {
  const list = [...new Set(categories)];
  const numeric = list.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) : list.sort();
}

/**
 * Checks `categorical` against the network's input names: each column has at least one category,
 * no category twice, and its 0/1 columns, named `column=category` in its order, stand next to each
 * other among `inputNames`. Answers a copy; anything wrong is a ConfigError on `field`.
 */
export function checkCategorical(inputNames: readonly string[], categorical: unknown, field = 'categorical'): CategoricalInput[] {
  if (categorical === undefined) return [];
  if (!Array.isArray(categorical)) throw new ConfigError(field, `must be a list of { name, categories }, got ${show(categorical)}`);
  const seen = new Set<string>();
  return categorical.map((item: unknown, i) => {
    const at = `${field}[${i}]`;
    if (item === null || typeof item !== 'object') throw new ConfigError(at, `must be { name, categories }, got ${show(item)}`);
    const { name, categories } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') throw new ConfigError(`${at}.name`, `must be a column name, got ${show(name)}`);
    if (seen.has(name)) throw new ConfigError(`${at}.name`, `names the column ${show(name)} a second time`);
    seen.add(name);
    if (!Array.isArray(categories) || categories.length === 0 || Array.from(categories).some((c) => typeof c !== 'string')) { // (a hole, undefined there, is not skipped)
      throw new ConfigError(`${at}.categories`, `must be a list of at least one category (strings), got ${show(categories)}`);
    }
    const repeated = categories.find((c, k) => categories.indexOf(c) !== k);
    if (repeated !== undefined) throw new ConfigError(`${at}.categories`, `has ${show(repeated)} twice`);
    const first = inputNames.indexOf(categoryColumn(name, categories[0] as string));
    const placed = first >= 0 && categories.every((c, k) => inputNames[first + k] === categoryColumn(name, c as string));
    if (!placed) {
      throw new ConfigError(`${at}`, `must name its 0/1 input columns: ${categories.map((c) => show(categoryColumn(name, c as string))).join(', ')} next to each other among the input names`);
    }
    return { name, categories: [...(categories as string[])] };
  });
}

/**
 * The columns a row of raw data gives, in order: the input names, with each categorical column's
 * 0/1 columns replaced by the column's name.
 */
export function rawInputNames(inputNames: readonly string[], categorical: readonly CategoricalInput[]): string[] {
  if (categorical.length === 0) return [...inputNames];
  const owner = new Map<string, CategoricalInput>();
  for (const column of categorical) for (const c of column.categories) owner.set(categoryColumn(column.name, c), column);
  const names: string[] = [];
  for (let i = 0; i < inputNames.length; i++) {
    const column = owner.get(inputNames[i]);
    if (column === undefined) names.push(inputNames[i]);
    else {
      names.push(column.name);
      i += column.categories.length - 1;
    }
  }
  return names;
}

/**
 * The index among `column`'s categories of a raw cell: a string, or a number as its text (a
 * category "3" of a column of codes). Anything else, or a category the column does not have, is
 * a DataError that says `where` and lists the column's categories.
 */
export function categoryIndex(column: CategoricalInput, cell: unknown, where: string): number {
  const text = categoryText(cell);
  const k = text === undefined ? -1 : column.categories.indexOf(text);
  if (k < 0) throw new DataError(`${where}: ${show(cell)} is not a category of ${show(column.name)} the model knows (${listedCategories(column)})`);
  return k;
}

/** A raw cell of a column of categories as its category: a string trimmed (not empty), or a finite number as its text; else undefined. */
export function categoryText(cell: unknown): string | undefined {
  if (typeof cell === 'string') return cell.trim() === '' ? undefined : cell.trim();
  return typeof cell === 'number' && Number.isFinite(cell) ? String(cell) : undefined;
}

/** A column's categories quoted for an error: the first ten and how many in all when there are more than twelve. */
export function listedCategories(column: CategoricalInput): string {
  const { categories } = column;
  return categories.length > 12 ? `${categories.slice(0, 10).map(show).join(', ')}, … (${categories.length} in all)` : categories.map(show).join(', ');
}
