/**
 * Reading a plain decimal (`-12.375`) out of a line without making a string of it, for the CSV
 * fast path. The answer is exactly `Number(text.slice(from, to))`: only a number written as an
 * optional sign, digits and an optional fraction, with at most 15 significant digits and at most
 * 22 digits after the point, is read here; its digits make an integer m < 10^15 < 2^53 and its
 * value is m / 10^k with 10^k exact too (k ≤ 22), so the one division rounds it correctly
 * (Clinger's fast path, "How to read floating point numbers accurately", PLDI 1990), as Number
 * does. Anything else (an exponent, white space, more digits, no digit at all) answers NaN, and
 * the caller asks Number.
 */

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k); // exact doubles: 10^22 < 2^53 · 2^22

const ZERO = 0x30;
const NINE = 0x39;
export const POINT = 0x2e;
/** The decimal comma's code, for `point` with decimal ',' (decimal-comma.ts). */
export const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;

/** Number(text.slice(from, to)) for a plain decimal, else NaN; `point` is the decimal mark's code (COMMA: `1,5` is 1.5). */
export function plainDecimal(text: string, from: number, to: number, point = POINT): number {
  let i = from;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    i++;
  }
  let mantissa = 0;
  let significant = 0; // digits in mantissa, leading zeros not counted
  let digits = 0; // all digits
  let fraction = -1; // digits after the point, -1 before one is seen
  for (; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code >= ZERO && code <= NINE) {
      digits++;
      if (fraction >= 0) fraction++;
      if (mantissa === 0 && code === ZERO) continue;
      if (++significant > 15) return NaN;
      mantissa = mantissa * 10 + (code - ZERO);
    } else if (code === point && fraction < 0) fraction = 0;
    else return NaN;
  }
  if (digits === 0 || fraction > 22) return NaN;
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return negative ? -value : value;
}

/**
 * plainDecimal on UTF-8 bytes: Number(the text of bytes[from, to)) for a plain decimal, else NaN.
 * The same rules, digit for digit (the bytes of a plain decimal are its ASCII characters).
 */
export function plainDecimalBytes(bytes: Uint8Array, from: number, to: number, point = POINT): number {
  let i = from;
  let negative = false;
  const first = bytes[i];
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    i++;
  }
  let mantissa = 0;
  let significant = 0; // digits in mantissa, leading zeros not counted
  let digits = 0; // all digits
  let fraction = -1; // digits after the point, -1 before one is seen
  for (; i < to; i++) {
    const code = bytes[i];
    if (code >= ZERO && code <= NINE) {
      digits++;
      if (fraction >= 0) fraction++;
      if (mantissa === 0 && code === ZERO) continue;
      if (++significant > 15) return NaN;
      mantissa = mantissa * 10 + (code - ZERO);
    } else if (code === point && fraction < 0) fraction = 0;
    else return NaN;
  }
  if (digits === 0 || fraction > 22) return NaN;
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return negative ? -value : value;
}

/**
 * Where the last call of fieldDecimal stopped (`at`): the delimiter after the field, or `end`; and
 * whether the field was all ASCII (`ascii`), so that only a field with a byte ≥ 0x80 is checked to be UTF-8.
 */
export const fieldEnd = { at: 0, ascii: true };

/**
 * The field of bytes that starts at `from` and ends at the next `delimiter` byte or at `end`, read
 * as plainDecimalBytes reads it (NaN when it is not a plain decimal), in one pass; `fieldEnd` is
 * then where the field ends. `point` is the decimal mark's code, as in plainDecimal.
 */
export function fieldDecimal(bytes: Uint8Array, from: number, end: number, delimiter: number, point = POINT): number {
  let i = from;
  let negative = false;
  let plain = true;
  const first = bytes[i];
  if (i < end && first !== delimiter && (first === MINUS || first === PLUS)) {
    negative = first === MINUS;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let fraction = -1;
  let high = 0; // the bits of the bytes that are neither digits nor the point: ≥ 0x80 when one is not ASCII
  for (; i < end; i++) {
    const code = bytes[i];
    if (code === delimiter) break;
    if (code >= ZERO && code <= NINE) {
      digits++;
      if (fraction >= 0) fraction++;
      if (mantissa === 0 && code === ZERO) continue;
      if (++significant > 15) plain = false;
      mantissa = mantissa * 10 + (code - ZERO);
    } else if (code === point && fraction < 0) fraction = 0;
    else {
      plain = false;
      high |= code;
    }
  }
  fieldEnd.at = i;
  fieldEnd.ascii = high < 0x80;
  if (!plain || digits === 0 || fraction > 22) return NaN;
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return negative ? -value : value;
}
