// b (n, m), row-major, copied into strips of a GEMM tile's width (8 float32 columns: packB; 4
// float64 columns: packBF64): strip s holds columns w·s … w·s + w − 1 of all n rows, row after row,
// n·w values in a row (32 bytes per row of b: two vectors). The last m mod w columns are not copied;
// the GEMMs read them from b itself. dst holds n · (m − m mod w) values.
//
// Why (issue 15): the 4-row tiles of gemm.ts and gemm-f64.ts walk down b one row at a time, m
// values apart. Once that stride reaches 2 KiB (512 float32 or 256 float64 columns) the hardware
// prefetcher stops following it and the tile waits on memory; in a strip the next row is the next
// 32 bytes. The copy costs n·m moves, paid back when enough rows of a reuse each strip (the rule is
// the backend's: src/backend/pack-rule.ts). Packing moves values only, so every sum is unchanged.

export function packB(dst: usize, b: usize, n: i32, m: i32): void {
  packStrips(dst, b, n, m, 8, 2);
}

export function packBF64(dst: usize, b: usize, n: i32, m: i32): void {
  packStrips(dst, b, n, m, 4, 3);
}

// Strips of `width` values of 2^shift bytes, `width << shift` = 32 bytes (two vectors) a row of b.
// Eight rows of b at a time, each read left to right across all strips: eight sequential streams
// that the prefetcher follows (strip by strip, down b's rows m values apart, copied at 9–15 GB/s
// here against 15–23 this way, 784 × 512 to 1024 × 2048 float32).
@inline function packStrips(dst: usize, b: usize, n: i32, m: i32, width: i32, shift: i32): void {
  const strideB = <usize>m << shift;
  const strips = m / width;
  const stripBytes = <usize>n << 5; // one strip: n rows of 32 bytes
  let k0 = 0;
  for (; k0 + 8 <= n; k0 += 8) {
    const rowB = b + <usize>k0 * strideB;
    let pd = dst + (<usize>k0 << 5);
    for (let s = 0; s < strips; s++) {
      let pb = rowB + (<usize>s << 5);
      for (let k: usize = 0; k < 8 << 5; k += 32) {
        v128.store(pd + k, v128.load(pb));
        v128.store(pd + k, v128.load(pb, 16), 16);
        pb += strideB;
      }
      pd += stripBytes;
    }
  }
  for (; k0 < n; k0++) {
    const rowB = b + <usize>k0 * strideB;
    let pd = dst + (<usize>k0 << 5);
    for (let s = 0; s < strips; s++) {
      const pb = rowB + (<usize>s << 5);
      v128.store(pd, v128.load(pb));
      v128.store(pd, v128.load(pb, 16), 16);
      pd += stripBytes;
    }
  }
}
