import { ConfigError, show } from './errors.js';

/** A generator's state: its four xoshiro128** words (as int32) and the second Box–Muller deviate, if one waits. */
export interface RandomState {
  words: number[];
  spareNormal: number | null;
}

/**
 * A seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018, https://prng.di.unimi.it/).
 * Core never calls Math.random: everything random (initial weights, shuffles, validation splits)
 * draws from a Random passed in, so the same seed gives bit-identical results on every platform.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /** Seeds the four 32-bit state words with splitmix32 from one integer seed. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new ConfigError('seed', `must be a safe integer, got ${show(seed)}`);
    }
    let x = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return z ^ (z >>> 16); // the state words are kept as int32
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A generator with the given state words (for checking against the reference implementation). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Random {
    const random = new Random(0);
    random.s0 = s0 | 0;
    random.s1 = s1 | 0;
    random.s2 = s2 | 0;
    random.s3 = s3 | 0;
    return random;
  }

  /** The whole state, so that a continued training draws what this one would have drawn next (checkpoint.ts). */
  save(): RandomState {
    return { words: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spareNormal };
  }

  /** Continues from a saved state: four 32-bit words, not all 0 (checked; a ConfigError names what is wrong). */
  restore(state: RandomState): void {
    checkRandomState(state, 'state');
    [this.s0, this.s1, this.s2, this.s3] = state.words.map((w) => w | 0);
    this.spareNormal = state.spareNormal;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /**
   * The same 32 bits as a signed integer. Within the class the draws travel in this form: an
   * integer above 2³¹ − 1 leaving a function the JIT did not inline is boxed, an allocation per
   * draw (a shuffle of 1797 rows made 14 kB of garbage an epoch before this).
   */
  private nextInt32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextInt32() >>> 5; // 27 bits
    const low = this.nextInt32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(n > 0 && n <= 2 ** 32 && n === Math.floor(n))) throw new ConfigError('n', `of int(n) must be a whole number from 1 to 2^32, got ${show(n)}`);
    const r = this.nextInt32() >>> 0;
    // Values below 2^32 − n are always below the limit (2^32 mod n < n): the common case needs no
    // floating-point modulo of 2^32 (a slow library call), and draws the same numbers.
    if (r < 4294967296 - n) return r % n;
    const limit = 2 ** 32 - (2 ** 32 % n);
    if (r < limit) return r % n;
    for (;;) {
      const next = this.nextInt32() >>> 0;
      if (next < limit) return next % n;
    }
  }

  /** A normal deviate N(mean, std²) by the Box–Muller transform. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles indices in place (Fisher–Yates) and returns them; every training epoch does this. */
  shuffleIndices(order: Uint32Array): Uint32Array {
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  /** A permutation of 0 … n-1. */
  permutation(n: number): Uint32Array {
    if (!(Number.isInteger(n) && n >= 0 && n <= 2 ** 32 - 1)) throw new ConfigError('n', `of permutation(n) must be a whole number from 0 to 2^32 − 1, got ${show(n)}`);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return this.shuffleIndices(order);
  }
}

/**
 * Checks a generator's saved state (`field` names it in the error): four int32 words, not all 0
 * (xoshiro's one degenerate state: it would draw 0 for ever), and a spare normal deviate that is
 * null or finite.
 */
export function checkRandomState(state: unknown, field: string): asserts state is RandomState {
  if (state === null || typeof state !== 'object') throw new ConfigError(field, `must be a generator's state { words, spareNormal }, got ${show(state)}`);
  const { words, spareNormal } = state as Partial<RandomState>;
  if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32)) {
    throw new ConfigError(`${field}.words`, `must be 4 whole numbers (32-bit words), got ${show(words)}`);
  }
  if (words.every((w) => (w | 0) === 0)) throw new ConfigError(`${field}.words`, `must not all be 0 (xoshiro128**'s degenerate state, which draws 0 for ever), got ${show(words)}`);
  if (spareNormal !== null && !(typeof spareNormal === 'number' && Number.isFinite(spareNormal))) {
    throw new ConfigError(`${field}.spareNormal`, `must be null or a finite number, got ${show(spareNormal)}`);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k)); // an int32, as every state word is
}
