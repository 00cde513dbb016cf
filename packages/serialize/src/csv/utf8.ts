/**
 * Where UTF-8 goes wrong: the first byte of bytes[from, to) that a UTF-8 decoder cannot take, by
 * the Encoding Standard's UTF-8 decoder (https://encoding.spec.whatwg.org/#utf-8-decoder), which
 * TextDecoder is: a sequence is a lead byte C2–F4 and 1–3 continuation bytes 80–BF, the second
 * byte's range narrowed after E0 (no overlong form), ED (no surrogate), F0 (no overlong form) and
 * F4 (nothing past U+10FFFF). A sequence cut short by `to` is wrong too. Only the error paths and
 * the cells that hold a byte ≥ 0x80 call this: ASCII is all valid.
 */

/** The index of the first byte that is not UTF-8 in bytes[from, to), or -1 when all of it is. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  for (let i = from; i < to; ) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let needed: number; // continuation bytes after the lead
    let low = 0x80; // the second byte's range
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i; // 80–C1 (a continuation byte, or the lead of an overlong form) or F5–FF
    for (let k = 1; k <= needed; k++) {
      const byte = i + k < to ? bytes[i + k] : -1;
      if (k === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf) return i;
    }
    i += needed + 1;
  }
  return -1;
}
