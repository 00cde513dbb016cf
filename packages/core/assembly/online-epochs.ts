// What the WebAssembly that src/online-epochs-code.ts writes for one network shape imports: the
// shuffle of an epoch's rows, by src/random.ts's xoshiro128** and Fisher–Yates, drawing what it
// draws. A module of its own (scripts/build-wasm.mjs), small so that it compiles in well under a
// millisecond, on a memory it imports and shares with the generated modules.

// xoshiro128**'s next 32 bits, as src/random.ts's Random (its four state words at `state`).
function nextUint32(state: usize): u32 {
  let s0 = load<i32>(state), s1 = load<i32>(state, 4), s2 = load<i32>(state, 8), s3 = load<i32>(state, 12);
  const result = rotl<i32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<i32>(s3, 11);
  store<i32>(state, s0);
  store<i32>(state, s1, 4);
  store<i32>(state, s2, 8);
  store<i32>(state, s3, 12);
  return <u32>result;
}

// Random.int(n): a uniform integer in [0, n) without modulo bias, drawing what it draws.
function uniformInt(state: usize, n: u64): u32 {
  const r = <u64>nextUint32(state);
  if (r < 4294967296 - n) return <u32>(r % n);
  const limit: u64 = 4294967296 - (4294967296 % n);
  if (r < limit) return <u32>(r % n);
  let next = <u64>nextUint32(state);
  while (next >= limit) next = <u64>nextUint32(state);
  return <u32>(next % n);
}

/** Random.shuffleIndices over the `rows` u32 at `order`, with the generator's state at `state`. */
export function shuffle(state: usize, order: usize, rows: i32): void {
  for (let i = rows - 1; i > 0; i--) {
    const j = <i32>uniformInt(state, <u64>(i + 1));
    const tmp = load<u32>(order + (<usize>i << 2));
    store<u32>(order + (<usize>i << 2), load<u32>(order + (<usize>j << 2)));
    store<u32>(order + (<usize>j << 2), tmp);
  }
}
