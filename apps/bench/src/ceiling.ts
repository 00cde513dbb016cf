/**
 * The engine's ceiling for bpnn's float32 kernels on one core: GFLOP/s of a WebAssembly loop that
 * does nothing but f32x4 multiply-adds into 12 independent sums held in registers (no memory, no
 * dependent chain shorter than 12), once with mul then add (the plain SIMD build's madd) and once
 * with f32x4.relaxed_madd (the FMA build's), where the engine has relaxed SIMD. Every GEMM tile
 * also loads a and b and stores c, so no kernel can pass this figure; a workload's GFLOP/s read
 * against it says how much of the machine, as this engine exposes it, bpnn uses.
 *
 * The module is written here byte by byte (it is a dozen instructions) rather than compiled:
 *   (func (export "madds") (param $iters i32) (param $a f32) (param $b f32) (result f32)
 *     x = splat a; y = splat b; s0 … s11 = 0
 *     (loop  s_i = madd(x, y, s_i) for i = 0 … 11;  br_if while (iters -= 1) ≠ 0)
 *     lane 0 of s0 + s1 + … + s11)
 * so that its value, 12 · iters · a · b (exact for small powers of two), shows that it did the
 * multiply-adds it is timed for.
 */

/** How the loop multiplies and adds: like the plain build, or like the FMA build. */
export type MaddKind = 'plain' | 'fma';

/** The number of independent sums: more than FMA's latency × throughput (4 × 2) needs, fewer than the engine's 16 vector registers. */
export const SUMS = 12;

const SIMD = 0xfd;
const F32X4_SPLAT = [SIMD, 0x13];
const F32X4_ADD = [SIMD, 0xe4, 0x01];
const F32X4_MUL = [SIMD, 0xe6, 0x01];
const F32X4_RELAXED_MADD = [SIMD, 0x85, 0x02];
const F32X4_EXTRACT_LANE_0 = [SIMD, 0x1f, 0x00];
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;

/** An unsigned LEB128 number. */
function leb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** A section: its id, its length, its content. */
function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

/** The module's bytes. Locals: 0 iters, 1 a, 2 b (parameters), 3 x, 4 y, 5 … 16 the sums. */
export function ceilingModule(kind: MaddKind): Uint8Array<ArrayBuffer> {
  const X = 3, Y = 4, S = 5;
  const madd = (i: number): number[] =>
    kind === 'fma'
      ? [LOCAL_GET, X, LOCAL_GET, Y, LOCAL_GET, S + i, ...F32X4_RELAXED_MADD, LOCAL_SET, S + i] // x·y + s
      : [LOCAL_GET, S + i, LOCAL_GET, X, LOCAL_GET, Y, ...F32X4_MUL, ...F32X4_ADD, LOCAL_SET, S + i]; // s + x·y
  const sum: number[] = [LOCAL_GET, S];
  for (let i = 1; i < SUMS; i++) sum.push(LOCAL_GET, S + i, ...F32X4_ADD);
  const body = [
    0x01, ...leb(2 + SUMS), 0x7b, // one run of 14 v128 locals
    LOCAL_GET, 1, ...F32X4_SPLAT, LOCAL_SET, X,
    LOCAL_GET, 2, ...F32X4_SPLAT, LOCAL_SET, Y,
    0x03, 0x40, // loop
    ...Array.from({ length: SUMS }, (_, i) => madd(i)).flat(),
    LOCAL_GET, 0, 0x41, 0x01, 0x6b, LOCAL_TEE, 0, // iters − 1
    0x0d, 0x00, // br_if 0 while it is not 0
    0x0b, // end loop
    ...sum, ...F32X4_EXTRACT_LANE_0,
    0x0b, // end function
  ];
  const name = [...'madds'].map((c) => c.charCodeAt(0));
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
    ...section(1, [0x01, 0x60, 0x03, 0x7f, 0x7d, 0x7d, 0x01, 0x7d]), // type (i32 f32 f32) → f32
    ...section(3, [0x01, 0x00]), // one function, of type 0
    ...section(7, [0x01, name.length, ...name, 0x00, 0x00]), // export "madds" = function 0
    ...section(10, [0x01, ...leb(body.length), ...body]),
  ]);
}

/** The loop: madds(iters, a, b) = lane 0 of the 12 sums after iters rounds. */
export type Madds = (iters: number, a: number, b: number) => number;

/** The compiled loop, or null where the engine cannot run it (no SIMD, or no relaxed SIMD for 'fma'). */
export function ceilingLoop(kind: MaddKind): Madds | null {
  const bytes = ceilingModule(kind);
  if (!WebAssembly.validate(bytes)) return null;
  return (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as { madds: Madds }).madds;
}

/** GFLOP/s of the loop (8 flops per madd: 4 lanes × multiply and add): the best of `runs` runs of about `seconds` each. */
export function measureCeiling(madds: Madds, seconds = 0.05, runs = 7): number {
  let iters = 1 << 16;
  madds(iters, 0.5, 0.25); // compiled and optimised before timing
  for (;;) {
    const start = performance.now();
    madds(iters, 0.5, 0.25);
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= seconds / 2 || iters >= 2 ** 30) {
      iters = Math.min(2 ** 30, Math.max(1, Math.round((iters * seconds) / Math.max(elapsed, 1e-6))));
      break;
    }
    iters *= 4;
  }
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    madds(iters, 0.5, 0.25);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return (iters * SUMS * 8) / best / 1e9;
}
