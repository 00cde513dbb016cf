/** The checksum a model file carries: SHA-256 of its tensor bytes, as lowercase hex. */
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
