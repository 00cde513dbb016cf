/**
 * The space `tune` searches: a network's hidden layers and the optimiser's step, drawn at random
 * (Bergstra & Bengio, "Random search for hyper-parameter optimization", JMLR 2012). Each draw
 * takes, in this order:
 * - depth: 1, 2 or 3 hidden layers, equally likely;
 * - each layer's size: 8, 16, 32, 64 or 128 (2^k, k uniform in 3 … 7: log-uniform);
 * - learningRate: log-uniform in [1e-4, 1e-1];
 * - l2: 0 with probability 1/5, else log-uniform in [1e-5, 0.1] (the automatic rule's own choices
 *   run from about 1e-4 to 0.03, and the data sets measured for it preferred 1/4 to 16 times the rule:
 *   packages/core/README.md#cross-validation-and-tuning);
 * - batchSize: 16, 32, 64 or 128, equally likely.
 * tune.ts tries the automatic defaults first, then these draws.
 */
import type { Random } from '../random.js';

/** One point of the space: the options a candidate trains with. */
export interface Candidate {
  hidden: number[];
  learningRate: number;
  l2: number;
  batchSize: number;
  /**
   * True for the automatic defaults (defaults/auto-defaults.ts): each training then lets the rules
   * choose for its own rows, and the values above are what they choose for all the rows.
   */
  automatic?: true;
}

/** The space's bounds, as documented above. */
export const SEARCH_SPACE = Object.freeze({
  depths: Object.freeze([1, 2, 3]),
  sizes: Object.freeze([8, 16, 32, 64, 128]),
  learningRate: Object.freeze([1e-4, 1e-1] as const),
  l2: Object.freeze([1e-5, 1e-1] as const),
  l2ZeroShare: 0.2,
  batchSizes: Object.freeze([16, 32, 64, 128]),
});

/** The next candidate drawn from `random`. */
export function drawCandidate(random: Random): Candidate {
  const s = SEARCH_SPACE;
  const depth = s.depths[random.int(s.depths.length)];
  const hidden = Array.from({ length: depth }, () => s.sizes[random.int(s.sizes.length)]);
  const learningRate = logUniform(random, s.learningRate[0], s.learningRate[1]);
  const l2 = random.next() < s.l2ZeroShare ? 0 : logUniform(random, s.l2[0], s.l2[1]);
  const batchSize = s.batchSizes[random.int(s.batchSizes.length)];
  return { hidden, learningRate, l2, batchSize };
}

/** exp(uniform(ln low, ln high)): each decade equally likely. */
function logUniform(random: Random, low: number, high: number): number {
  return Math.exp(random.uniform(Math.log(low), Math.log(high)));
}
