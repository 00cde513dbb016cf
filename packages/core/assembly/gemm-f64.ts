// c (rows, m) = a (rows, n) · b (n, m) [+ bias (m), when bias ≠ 0] in float64: gemm.ts's product
// (a dense layer's forward, and δ·Wᵀ as a product with Wᵀ) on row-major float64, byte offsets into
// this module's memory.
//
// Register blocking: f64x2 holds 2 values, so a tile of 4 rows × 4 columns of c lives in 8 f64x2
// accumulators while k streams through n; with the 2 vectors of b and the broadcast of a that is
// 11 of the 16 vector registers V8 gives WebAssembly, as gemm.ts's 4 × 8 float32 tile (measured
// against 4 × 6 and 2 × 8 tiles: README, "float64 on WebAssembly"). Edge columns take 2-wide
// vectors, then the last column (m odd) two rows to a vector; a last row block of fewer than 4 rows
// is done row by row.
// When `packed` ≠ 0 it holds b's full strips of 4 columns (pack.ts) and the 4 × 4 tiles read them
// there, 32 bytes a row of b instead of m·8 apart; everything else still reads b.
// Every value of c is bias + Σ_k a·b summed in k order by the same operation whichever block or
// edge path computed its row, from b or from its packed copy, so splitting the rows over threads
// (in units of 4) or packing changes nothing;
// in the plain SIMD build that operation is kernels.ts's (round a·b, then the sum): the same bits.
import { madd64 } from './madd';

export function gemmF64(c: usize, a: usize, b: usize, packed: usize, bias: usize, rows: i32, n: i32, m: i32): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) gemmRows4(c, a, b, packed, bias, r, n, m);
  for (; r < rows; r++) gemmRow1(c, a, b, bias, r, n, m);
}

@inline function loadBias(bias: usize, j: i32): v128 {
  return bias != 0 ? v128.load(bias + (<usize>j << 3)) : f64x2.splat(0);
}

// bias[j] + Σ_k rowA[k] · b[k][j]: one value of c, the scalar edge.
@inline function dotColumn(rowA: usize, b: usize, bias: usize, j: i32, n: i32, m: i32): f64 {
  let sum: f64 = bias != 0 ? load<f64>(bias + (<usize>j << 3)) : 0;
  for (let k = 0; k < n; k++) sum += load<f64>(rowA + (<usize>k << 3)) * load<f64>(b + (<usize>(k * m + j) << 3));
  return sum;
}

// Rows r … r+3 of c.
function gemmRows4(c: usize, a: usize, b: usize, packed: usize, bias: usize, r: i32, n: i32, m: i32): void {
  const a0 = a + (<usize>(r * n) << 3);
  const strideA = <usize>n << 3;
  const a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
  const strideB = <usize>m << 3;
  const c0 = c + (<usize>(r * m) << 3);
  const c1 = c0 + strideB, c2 = c1 + strideB, c3 = c2 + strideB;
  let j = 0;
  // The 4 × 4 tiles: row k of their 4 columns is m·8 bytes after row k − 1 in b, 32 in its strip (pack.ts).
  if (packed != 0) {
    for (; j + 4 <= m; j += 4) tile4x4(c0, c1, c2, c3, a0, a1, a2, a3, packed + (<usize>(j * n) << 3), 32, bias, j, n);
  } else {
    for (; j + 4 <= m; j += 4) tile4x4(c0, c1, c2, c3, a0, a1, a2, a3, b + (<usize>j << 3), strideB, bias, j, n);
  }
  for (; j + 2 <= m; j += 2) {
    let s0 = loadBias(bias, j);
    let s1 = s0, s2 = s0, s3 = s0;
    let pb = b + (<usize>j << 3);
    for (let k: usize = 0; k < <usize>n << 3; k += 8) {
      const b0 = v128.load(pb);
      s0 = madd64(v128.load64_splat(a0 + k), b0, s0);
      s1 = madd64(v128.load64_splat(a1 + k), b0, s1);
      s2 = madd64(v128.load64_splat(a2 + k), b0, s2);
      s3 = madd64(v128.load64_splat(a3 + k), b0, s3);
      pb += strideB;
    }
    const o = <usize>j << 3;
    v128.store(c0 + o, s0); v128.store(c1 + o, s1); v128.store(c2 + o, s2); v128.store(c3 + o, s3);
  }
  if (j < m) edgeColumn4(c0, a0, strideA, b, bias, j, n, m);
}

// Columns j … j+3 of rows c0 … c3 (a's rows a0 … a3), from b's rows at pb, step bytes apart.
@inline function tile4x4(c0: usize, c1: usize, c2: usize, c3: usize, a0: usize, a1: usize, a2: usize, a3: usize, pb: usize, step: usize, bias: usize, j: i32, n: i32): void {
  let s00 = loadBias(bias, j), s01 = loadBias(bias, j + 2);
  let s10 = s00, s11 = s01, s20 = s00, s21 = s01, s30 = s00, s31 = s01;
  for (let k: usize = 0; k < <usize>n << 3; k += 8) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let x = v128.load64_splat(a0 + k);
    s00 = madd64(x, b0, s00); s01 = madd64(x, b1, s01);
    x = v128.load64_splat(a1 + k);
    s10 = madd64(x, b0, s10); s11 = madd64(x, b1, s11);
    x = v128.load64_splat(a2 + k);
    s20 = madd64(x, b0, s20); s21 = madd64(x, b1, s21);
    x = v128.load64_splat(a3 + k);
    s30 = madd64(x, b0, s30); s31 = madd64(x, b1, s31);
    pb += step;
  }
  const o = <usize>j << 3;
  v128.store(c0 + o, s00); v128.store(c0 + o, s01, 16);
  v128.store(c1 + o, s10); v128.store(c1 + o, s11, 16);
  v128.store(c2 + o, s20); v128.store(c2 + o, s21, 16);
  v128.store(c3 + o, s30); v128.store(c3 + o, s31, 16);
}

// The last column j (m odd) of rows r … r+3, two rows to a vector: (a0[k], a1[k]) and (a2[k],
// a3[k]) times b[k][j], so that the edge (all of a one-neuron output layer) is vector work too.
// It rounds the product, then the sum, in both builds, as dotColumn does for a lone row.
function edgeColumn4(c0: usize, a0: usize, strideA: usize, b: usize, bias: usize, j: i32, n: i32, m: i32): void {
  const a1 = a0 + strideA, a2 = a1 + strideA, a3 = a2 + strideA;
  const strideB = <usize>m << 3;
  let s01 = bias != 0 ? v128.load64_splat(bias + (<usize>j << 3)) : f64x2.splat(0);
  let s23 = s01;
  let pb = b + (<usize>j << 3);
  for (let k: usize = 0; k < <usize>n << 3; k += 8) {
    const bj = v128.load64_splat(pb);
    s01 = f64x2.add(s01, f64x2.mul(v128.load64_lane(a1 + k, v128.load64_splat(a0 + k), 1), bj));
    s23 = f64x2.add(s23, f64x2.mul(v128.load64_lane(a3 + k, v128.load64_splat(a2 + k), 1), bj));
    pb += strideB;
  }
  const c = c0 + (<usize>j << 3);
  v128.store64_lane(c, s01, 0);
  v128.store64_lane(c + strideB, s01, 1);
  v128.store64_lane(c + 2 * strideB, s23, 0);
  v128.store64_lane(c + 3 * strideB, s23, 1);
}

// Row r of c: 8 columns at a time (4 accumulators, 4 vectors of b: no spill either).
function gemmRow1(c: usize, a: usize, b: usize, bias: usize, r: i32, n: i32, m: i32): void {
  const rowA = a + (<usize>(r * n) << 3);
  const rowC = c + (<usize>(r * m) << 3);
  const strideB = <usize>m << 3;
  let j = 0;
  for (; j + 8 <= m; j += 8) {
    let s0 = loadBias(bias, j), s1 = loadBias(bias, j + 2), s2 = loadBias(bias, j + 4), s3 = loadBias(bias, j + 6);
    let pb = b + (<usize>j << 3);
    for (let k: usize = 0; k < <usize>n << 3; k += 8) {
      const x = v128.load64_splat(rowA + k);
      s0 = madd64(x, v128.load(pb), s0);
      s1 = madd64(x, v128.load(pb, 16), s1);
      s2 = madd64(x, v128.load(pb, 32), s2);
      s3 = madd64(x, v128.load(pb, 48), s3);
      pb += strideB;
    }
    const o = rowC + (<usize>j << 3);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  for (; j + 2 <= m; j += 2) {
    let s0 = loadBias(bias, j);
    let pb = b + (<usize>j << 3);
    for (let k: usize = 0; k < <usize>n << 3; k += 8) {
      s0 = madd64(v128.load64_splat(rowA + k), v128.load(pb), s0);
      pb += strideB;
    }
    v128.store(rowC + (<usize>j << 3), s0);
  }
  if (j < m) store<f64>(rowC + (<usize>j << 3), dotColumn(rowA, b, bias, j, n, m));
}
