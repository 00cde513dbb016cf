// Float32 vectors that hold fewer than 4 values, for the tails of buffers and rows (the 1–3 values
// past the last multiple of 4) and for a column of a 4-row tile, without reading or writing past
// what is there.

// The first `count` (1 to 3) float32 values at p in the first lanes, 0 in the others.
@inline export function loadLanes(p: usize, count: i32): v128 {
  let v = v128.load32_zero(p);
  if (count > 1) v = v128.load32_lane(p, v, 1, 4);
  if (count > 2) v = v128.load32_lane(p, v, 2, 8);
  return v;
}

// Stores the first `count` (1 to 3) lanes of v at p.
@inline export function storeLanes(p: usize, v: v128, count: i32): void {
  v128.store32_lane(p, v, 0);
  if (count > 1) v128.store32_lane(p, v, 1, 4);
  if (count > 2) v128.store32_lane(p, v, 2, 8);
}

// Lane q of v to p + q · stride, q = 0 … 3: a column of a 4-row tile.
@inline export function storeColumn4(p: usize, stride: usize, v: v128): void {
  v128.store32_lane(p, v, 0);
  v128.store32_lane(p + stride, v, 1);
  v128.store32_lane(p + 2 * stride, v, 2);
  v128.store32_lane(p + 3 * stride, v, 3);
}
