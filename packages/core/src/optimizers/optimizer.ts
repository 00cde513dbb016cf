/**
 * The optimisers by name: optimisers turn ∂J/∂params into a step on params. Each is one short
 * function of math over the flat parameter buffer, with its state created on the first step.
 * This registry imports them; they import only optimizer-interface.ts.
 */
import type { Backend } from '../backend/backend.js';
import { ConfigError, show } from '../errors.js';
import { checkObject } from '../strict-options.js';
import type { Optimizer, OptimizerName } from './optimizer-interface.js';
import { adam, type AdamOptions } from './adam.js';
import { rprop, type RpropOptions } from './rprop.js';
import { sgd, type SgdOptions } from './sgd.js';
import { quickprop, type QuickpropOptions } from './quickprop.js';
import { lbfgs, type LbfgsOptions } from './lbfgs.js';

export type { Optimizer, OptimizerName };

/**
 * An optimiser in options: a name (with its defaults) or a name with its settings, as
 * `{ name: 'sgd', learningRate: 0.5, momentum: 0.9 }`.
 */
export type OptimizerSpec =
  | OptimizerName
  | ({ name: 'sgd' } & SgdOptions)
  | ({ name: 'adam' } & AdamOptions)
  | ({ name: 'rprop' } & RpropOptions)
  | ({ name: 'quickprop' } & QuickpropOptions)
  | ({ name: 'lbfgs' } & LbfgsOptions);

/** The name of every optimiser. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adam', 'rprop', 'quickprop', 'lbfgs'];

/**
 * Builds the optimiser a spec names, checking every option. Given the network's backend, the
 * optimiser keeps its state there and uses the backend's native loop when it has one.
 */
export function optimizer(spec: OptimizerSpec, field = 'optimizer', backend?: Backend): Optimizer {
  if (typeof spec !== 'string') checkObject(spec, field, `one of ${OPTIMIZER_NAMES.join(', ')}, or an object such as { name: 'sgd', learningRate: 0.1 }`);
  const name = typeof spec === 'string' ? spec : spec.name;
  const options = typeof spec === 'string' ? {} : spec;
  switch (name) {
    case 'sgd':
      return sgd(options as SgdOptions, field, backend);
    case 'adam':
      return adam(options as AdamOptions, field, backend);
    case 'rprop':
      return rprop(options as RpropOptions, field, backend);
    case 'quickprop':
      return quickprop(options as QuickpropOptions, field, backend);
    case 'lbfgs':
      return lbfgs(options as LbfgsOptions, field, backend);
    default:
      if (typeof spec === 'string') throw new ConfigError(field, `must be one of ${OPTIMIZER_NAMES.join(', ')}, got ${show(spec)}`);
      throw new ConfigError(`${field}.name`, `must be one of ${OPTIMIZER_NAMES.join(', ')}, got ${show(name)}`);
  }
}
