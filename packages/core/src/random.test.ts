import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { Random } from './random.js';

describe('Random', () => {
  it('matches the reference C implementation of xoshiro128** (Blackman & Vigna)', () => {
    // Printed by the authors' xoshiro128starstar.c compiled with gcc, from the states below.
    const a = Random.fromState(1, 2, 3, 4);
    expect(Array.from({ length: 10 }, () => a.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
    const b = Random.fromState(0x9e3779b9, 0x7f4a7c15, 0xdeadbeef, 0x12345678);
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual([
      199744174, 3631572119, 268531886, 247712344, 642348221, 1241103690, 126311519, 83467375, 967727465, 59984615,
    ]);
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(2 ** 40 + 3)).not.toEqual(draw(3)); // the high bits of a large seed count too
  });

  it('draws uniforms in [0, 1) and normals with the right moments', () => {
    const r = new Random(1);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = r.normal(2, 3);
      sum += z;
      sumSq += (z - 2) ** 2;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard errors: 3/√n ≈ 0.0067 for the mean; the bounds are about 6 of them.
    expect(Math.abs(sum / n - 2)).toBeLessThan(0.04);
    expect(Math.abs(Math.sqrt(sumSq / n) - 3)).toBeLessThan(0.04);
  });

  it('draws integers without bias and shuffles into a permutation', () => {
    const r = new Random(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500); // ≈ 5 standard deviations
    const p = Array.from(r.permutation(100));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('refuses a seed that is not a safe integer', () => {
    expect(() => new Random(1.5)).toThrow(/seed must be a safe integer, got 1.5/);
  });
});

describe('Random refuses bad arguments with bpnn errors', () => {
  it('a seed, n or state out of range is a ConfigError naming it and the value', () => {
    expect(() => new Random('a' as never)).toThrow(new ConfigError('seed', 'must be a safe integer, got "a"'));
    expect(() => new Random(NaN)).toThrow(ConfigError);
    expect(() => new Random(1).int(0)).toThrow(new ConfigError('n', 'of int(n) must be a whole number from 1 to 2^32, got 0'));
    expect(() => new Random(1).int(NaN)).toThrow(ConfigError);
    expect(() => new Random(1).permutation(-1)).toThrow(new ConfigError('n', 'of permutation(n) must be a whole number from 0 to 2^32 − 1, got -1'));
    expect(() => new Random(1).restore({ words: [1], spareNormal: null })).toThrow(new ConfigError('state.words', 'must be 4 whole numbers (32-bit words), got [1]'));
    expect(() => new Random(1).restore({ words: [0, 0, 0, 0], spareNormal: null })).toThrow(/^state\.words must not all be 0/);
    expect(() => new Random(1).restore({ words: [1, 2, 3, 4], spareNormal: NaN })).toThrow(new ConfigError('state.spareNormal', 'must be null or a finite number, got NaN'));
  });
});
