/**
 * A Network as an argument: what fit, fitAsync, fitRows and gradientCheck take, checked at their
 * door, so that null, a plain object or a Model is a ConfigError naming it and not a TypeError
 * from deep inside. A Model is named as such: its network is one step away (`model.network`).
 */
import { ConfigError, show } from '../errors.js';
import { Network } from './network.js';

/** Throws a ConfigError unless `network` is a Network; `field` names the argument. */
export function checkNetwork(network: unknown, field = 'network'): asserts network is Network {
  if (network instanceof Network) return;
  const model = network !== null && typeof network === 'object' && (network as { network?: unknown }).network instanceof Network;
  throw new ConfigError(field, `must be a Network (new Network({ layers: [2, 4, 1] })), got ${model ? 'a Model: pass model.network, or train the model with Model.train' : show(network)}`);
}
