/**
 * Request bodies as JSON text: parsed, and refused when they nest too deep or hold a key
 * "__proto__". How deeply a value nests is measured without recursion. No route takes more than a few levels (rows of objects of
 * numbers); a body nested thousands deep would overflow the stack of the recursive code that
 * validates it and describes what is wrong, so it is refused first.
 */
import { HttpError } from './http-error.js';

/** Bodies up to this size are parsed on the event loop (well under a millisecond); larger ones in the request pool. */
export const INLINE_BODY_BYTES = 64 * 1024;

/** The deepest a request body may nest: arrays and objects inside each other. */
export const MAX_JSON_DEPTH = 32;

/** Throws a 400 when `value` nests deeper than `limit`; walks each value once, iteratively. */
export function checkJsonDepth(value: unknown, limit = MAX_JSON_DEPTH, root = 'body'): void {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) throw new HttpError(400, `${root} nests arrays and objects more than ${limit} deep; this API takes at most ${limit}`);
    // JSON.parse keeps "__proto__" as a key; validation (zod) copies objects by assignment, which
    // would make it the prototype: the key would vanish, or reshape the object. No field is named so.
    if (!Array.isArray(item) && Object.hasOwn(item, '__proto__')) throw new HttpError(400, `${root} has a key "__proto__", which names an object's prototype in JavaScript: no field or column is named so`);
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
}

/** JSON text is UTF-8 (RFC 8259); a byte-order mark is dropped, as the RFC lets a parser do. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A body's JSON text parsed, as express.json would: a 400 naming the problem when it is not UTF-8,
 * not JSON or nests too deep. Bytes that are not UTF-8 (a client that sent Latin-1) are refused,
 * not read with U+FFFD in their place (a column "Température" would be stored as "Temp�rature").
 */
export function parseJsonText(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\ufffd');
    throw new HttpError(400, `request body is not UTF-8 text, as JSON must be (RFC 8259): the byte after ${JSON.stringify(lenient.slice(Math.max(0, at - 24), at))} is not UTF-8; send the text as UTF-8`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  checkJsonDepth(value);
  return value;
}
