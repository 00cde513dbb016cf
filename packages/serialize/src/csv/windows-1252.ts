/**
 * Windows-1252 (what Excel on Windows saves as "CSV" in Western European locales; the Encoding
 * Standard's name for the labels latin1, iso-8859-1, ascii, cp1252 too) decoded by its table:
 * bytes 00–7F and A0–FF are the code points of the same number, and 80–9F are the 32 characters
 * of index-windows-1252 (https://encoding.spec.whatwg.org/index-windows-1252.txt): € ‚ ƒ „ … † ‡
 * ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ, and the five bytes Windows leaves undefined (81, 8D,
 * 8F, 90, 9D) as the C1 controls of the same number, as browsers read them.
 *
 * Not Node's TextDecoder: from Node 20.18.3 and 22.13.0 it reads windows-1252 as ISO-8859-1, so
 * that 0x80 is U+0080 rather than € and 0x92 is U+0092 rather than ’ (nodejs/node#56542, #60888).
 */

/** The code points of bytes 80–9F. */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** A character 80–9F as ISO-8859-1 reads it → the Windows-1252 character of that byte. */
const C1 = /[\u0080-\u009f]/g;
const fix = (c1: string) => String.fromCharCode(HIGH[c1.charCodeAt(0) - 0x80]);

/** The text of Windows-1252 bytes; every byte is a character, so nothing is ever wrong or held over. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const step = 8192; // bytes made a string at a time (each an argument of fromCharCode)
  for (let from = 0; from < bytes.length; from += step) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(from, from + step) as unknown as number[])); // ISO-8859-1
  }
  return parts.join('').replace(C1, fix);
}
