import { describe, expect, it } from 'vitest';
import { ceilingLoop, ceilingModule, measureCeiling, SUMS } from './ceiling.js';

// The loop is only a ceiling if it does the multiply-adds it is timed for: its value after `iters`
// rounds is lane 0 of 12 sums of iters · a · b each, worked by hand for powers of two (exact in float32).
describe('the ceiling loop', () => {
  it('is valid WebAssembly with SIMD (every engine bpnn supports has it)', () => {
    expect(WebAssembly.validate(ceilingModule('plain'))).toBe(true);
  });

  it('sums 12 · iters · a · b with mul then add', () => {
    const madds = ceilingLoop('plain')!;
    expect(madds(10, 0.5, 0.25)).toBe(SUMS * 10 * 0.125); // 15
    expect(madds(1, 2, 3)).toBe(SUMS * 6);
    expect(madds(1000, -0.5, 0.5)).toBe(-SUMS * 1000 * 0.25);
  });

  it('sums the same with relaxed_madd where the engine has relaxed SIMD, and is refused where it has not', () => {
    const fma = ceilingLoop('fma');
    const relaxed = Number(process.versions.node.split('.')[0]) >= 22; // on by default from Node 22
    expect(fma !== null).toBe(relaxed);
    if (fma !== null) {
      expect(fma(10, 0.5, 0.25)).toBe(15);
      expect(fma(1000, -0.5, 0.5)).toBe(-SUMS * 1000 * 0.25);
    }
  });

  it('reports a positive, finite GFLOP/s', () => {
    const gflops = measureCeiling(ceilingLoop('plain')!, 0.005, 2);
    expect(Number.isFinite(gflops) && gflops > 0).toBe(true);
  });
});
