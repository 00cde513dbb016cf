/**
 * When the wasm backend packs a GEMM's b into column strips (assembly/pack.ts) before the product
 * c (rows, m) = a (rows, n) · b (n, m): the rule, and the measurements it rests on, in
 * packages/core/README.md ("Packing b for wide layers").
 *
 * The 4-row tiles read b one row at a time, m values apart. Packing pays when three things hold:
 *   - that stride is at least 2 KiB: at most two rows of b in a 4 KiB page, where the hardware
 *     prefetcher (which does not cross pages) stops following the tile;
 *   - b is larger than 1 MiB: a b that stays in the core's L2 cache (2 MiB here; 1–2 MiB on most
 *     x86-64 and arm64 cores) is read back from it quickly enough at any stride;
 *   - at least 16 rows of a, 4 row blocks that each read all of b: the copy (one pass over b) is
 *     then paid back; with 4 or 8 rows the copy cost more than it saved.
 */

export const PACK_MIN_STRIDE_BYTES = 2048;
export const PACK_MIN_B_BYTES = 1 << 20;
export const PACK_MIN_ROWS = 16;

/** Whether c (rows, m) = a (rows, n) · b (n, m), on values of `bytes` bytes (4 or 8), packs b first. */
export function packs(bytes: number, rows: number, n: number, m: number): boolean {
  return rows >= PACK_MIN_ROWS && m * bytes >= PACK_MIN_STRIDE_BYTES && n * m * bytes > PACK_MIN_B_BYTES;
}
