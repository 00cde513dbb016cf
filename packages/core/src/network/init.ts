/**
 * Weight initialisation: Glorot/Xavier (Glorot & Bengio 2010) keeps the variance of activations and
 * gradients level across layers for tanh/sigmoid-like activations; He (He et al. 2015) doubles it
 * for relu-like ones, which zero half their inputs. Biases start at zero.
 */
import type { Activation } from '../activations/activations.js';
import { ConfigError, show } from '../errors.js';
import type { FloatArray } from '../data/matrix.js';
import type { Random } from '../random.js';

/** The weight initialisations by name: Glorot (Xavier) or He, uniform or normal. */
export type InitName = 'glorot-uniform' | 'glorot-normal' | 'he-uniform' | 'he-normal';

/** The name of every initialisation. */
export const INIT_NAMES: readonly InitName[] = ['glorot-uniform', 'glorot-normal', 'he-uniform', 'he-normal'];

/** The initialisation that suits an activation: He for the relu family, Glorot for the rest. */
export function defaultInit(activation: Activation): InitName {
  return activation.name === 'relu' || activation.name === 'leaky-relu' || activation.name === 'elu'
    ? 'he-normal'
    : 'glorot-uniform';
}

export function checkInit(name: unknown, field = 'init'): InitName {
  if (!INIT_NAMES.includes(name as InitName)) {
    throw new ConfigError(field, `must be one of ${INIT_NAMES.join(', ')}, got ${show(name)}`);
  }
  return name as InitName;
}

/** Fills a (fanIn, fanOut) weight matrix in place. */
export function initWeights(
  weights: FloatArray,
  fanIn: number,
  fanOut: number,
  init: InitName,
  random: Random,
): void {
  const n = fanIn * fanOut;
  switch (init) {
    case 'glorot-uniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let k = 0; k < n; k++) weights[k] = random.uniform(-limit, limit);
      return;
    }
    case 'glorot-normal': {
      const std = Math.sqrt(2 / (fanIn + fanOut));
      for (let k = 0; k < n; k++) weights[k] = random.normal(0, std);
      return;
    }
    case 'he-uniform': {
      const limit = Math.sqrt(6 / fanIn);
      for (let k = 0; k < n; k++) weights[k] = random.uniform(-limit, limit);
      return;
    }
    case 'he-normal': {
      const std = Math.sqrt(2 / fanIn);
      for (let k = 0; k < n; k++) weights[k] = random.normal(0, std);
      return;
    }
  }
}
