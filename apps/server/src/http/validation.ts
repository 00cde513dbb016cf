/**
 * Request bodies checked with zod, and zod's findings turned into messages in bpnn's style: the
 * field as a path a client can find (`inputs[3][1]`, `optimizer.learningRate`), the constraint,
 * and the value: `inputs[3][1] must be a finite number, got "abc"`.
 */
import { show } from '@bpnn/core';
import type * as z from 'zod';
import { HttpError } from './http-error.js';

/** Parses `value` with `schema`, or throws a 400 naming the first problem, any unknown field, and how many more. */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown, root = 'body'): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  // An unknown field is named beside the first problem: it is often the cause (a misspelt "row").
  const unknown = issues.slice(1).find((issue) => issue.code === 'unrecognized_keys');
  const named = [issues[0], ...(unknown === undefined ? [] : [unknown])];
  const message = named.map((issue) => describeIssue(issue, root)).join('; ');
  const rest = issues.length - named.length;
  throw new HttpError(400, rest > 0 ? `${message} (and ${rest} more problem${rest > 1 ? 's' : ''})` : message);
}

/** `inputs[3][1]`, `rows[0].sepal length`, or the root's name for the body itself. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, root = 'body'): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? root : out;
}

type Issue = z.core.$ZodIssue & { input?: unknown; received?: string };

/** The most unknown fields an answer names. */
const LISTED_KEYS = 10;

export function describeIssue(issue: Issue, root = 'body'): string {
  const field = fieldPath(issue.path, root);
  const got = issue.input === null && issue.received !== undefined ? issue.received : show(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'never') return `${field} ${issue.message}`; // a field that must be absent (schemas/exactly-one.ts)
      if (issue.input === undefined && issue.received === undefined) return `${field} is required (${expected(issue.expected)})`;
      return `${field} must be ${expected(issue.expected)}, got ${got}`;
    case 'invalid_value':
      return `${field} must be ${issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map((v) => show(v)).join(', ')}`}, got ${got}`;
    case 'unrecognized_keys': {
      // At most the first few, however many a body holds (an answer is not an echo of the body).
      const listed = issue.keys.slice(0, LISTED_KEYS).map((k) => show(k)).join(', ');
      const more = issue.keys.length > LISTED_KEYS ? `, … (${issue.keys.length} in all)` : '';
      return `${field} has unknown field${issue.keys.length > 1 ? 's' : ''} ${listed}${more}`;
    }
    case 'too_small':
      return `${field} ${bound('at least', issue.origin, issue.minimum, issue.inclusive)}, got ${sizeOf(issue.input, issue.origin)}`;
    case 'too_big':
      return `${field} ${bound('at most', issue.origin, issue.maximum, issue.inclusive)}, got ${sizeOf(issue.input, issue.origin)}`;
    case 'invalid_format':
      if (!issue.message.startsWith('Invalid')) return `${field} ${issue.message}, got ${got}`;
      return `${field} must match ${'pattern' in issue && issue.pattern ? issue.pattern : issue.format}, got ${got}`;
    case 'invalid_union': {
      if (issue.input === undefined) return `${field} is required`;
      // A discriminated union (a schedule's name) whose discriminator matched no branch: the input is
      // the object, the value its discriminator.
      const choices = (issue as Issue & { options?: unknown[]; discriminator?: string }).options;
      if (issue.errors.length === 0 && Array.isArray(choices)) {
        const value = (issue as Issue & { discriminator?: string }).discriminator;
        const given = value !== undefined && issue.input !== null && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>)[value] : issue.input;
        return `${field} must be ${choices.length === 1 ? show(choices[0]) : `one of ${choices.map((v) => show(v)).join(', ')}`}, got ${show(given)}`;
      }
      // Alternatives of one object (exactly one of "csv" and "rows"): a problem every branch has is
      // the client's (a missing name, an unknown field); when each branch lacks only its own field
      // or has another's, the union's message says which fields to choose from.
      const [first, ...others] = issue.errors;
      const shared = (first ?? []).filter((one) => others.every((branch) => branch.some((other) => sameIssue(one, other))));
      if (shared.length > 0) {
        // The first, and an unknown field beside it (often its cause: a misspelt name).
        const unknown = shared.slice(1).find((one) => one.code === 'unrecognized_keys');
        return [shared[0], ...(unknown === undefined ? [] : [unknown])].map((one) => describeIssue({ ...one, path: [...issue.path, ...one.path] } as Issue, root)).join('; ');
      }
      if (issue.errors.length > 1 && issue.errors.every((branch) => branch.length > 0 && branch.every(isChoice)) && !issue.message.startsWith('Invalid')) return `${field} ${issue.message}`;
      // A branch that failed below the top took the value's shape: its finding says the most. Among
      // findings as deep, one about a field that is there but wrong says more than one about a
      // choice (`{"rows": "abc"}` is about rows, not a missing "inputs").
      const findings = issue.errors.flat();
      const deepest = [...findings.filter((one) => !isChoice(one)), ...findings.filter(isChoice)].sort((a, b) => b.path.length - a.path.length)[0];
      if (deepest !== undefined && deepest.path.length > 0) return describeIssue({ ...deepest, path: [...issue.path, ...deepest.path] } as Issue, root);
      const options = issue.errors.map((branch) => {
        const top = branch[0];
        if (top?.code === 'invalid_value') return top.values.length === 1 ? show(top.values[0]) : `one of ${top.values.map((v) => show(v)).join(', ')}`;
        if (top?.code === 'invalid_type') return expected(top.expected);
        return 'valid';
      });
      return `${field} must be ${options.length > 2 ? `${options.slice(0, -1).join(', ')} or ${options.at(-1)}` : options.join(' or ')}, got ${got}`;
    }
    case 'custom':
      return `${field} ${issue.message}`;
    default:
      return `${field} ${issue.message}`;
  }
}

/** A branch's finding that is about which alternative was chosen: its field missing, or another's present. */
function isChoice(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 1 && (issue.expected === 'never' || (issue as Issue).input === undefined);
}

function sameIssue(a: z.core.$ZodIssue, b: z.core.$ZodIssue): boolean {
  return a.code === b.code && a.message === b.message && a.path.length === b.path.length && a.path.every((key, i) => key === b.path[i]);
}

function expected(type: string): string {
  switch (type) {
    case 'number':
      return 'a finite number';
    case 'int':
      return 'a whole number';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}

function bound(words: string, origin: string, limit: number | bigint, inclusive: boolean | undefined): string {
  if (origin === 'array') return `must have ${words} ${limit} item${limit === 1 ? '' : 's'}`;
  if (origin === 'string') return `must have ${words} ${limit} character${limit === 1 ? '' : 's'}`;
  return `must be ${inclusive === false ? (words === 'at least' ? '>' : '<') : words === 'at least' ? '≥' : '≤'} ${limit}`;
}

function sizeOf(input: unknown, origin: string): string {
  if (origin === 'array' && Array.isArray(input)) return `${input.length} item${input.length === 1 ? '' : 's'}`;
  if (origin === 'string' && typeof input === 'string') return `${input.length} characters`;
  return show(input);
}
