/**
 * The checksum a model file carries: SHA-256 of its tensor bytes, as lowercase hex. It is
 * @noble/hashes's (audited, synchronous, no Node built-ins), so writing and reading a model
 * stays synchronous in a browser as in Node; Web Crypto's digest would make both async.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
