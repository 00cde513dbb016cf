/**
 * A Model or a Network as an argument of the writers and exporters, checked at their door: null,
 * a plain object, or a Network where a Model is wanted (and the other way round) is a ConfigError
 * that says what to pass, not a TypeError from inside. The check is by shape (a Model has a
 * network, a task and input names; a Network has config(), parameters() and predict()), so that a
 * model of another copy of @bpnn/core (its ES module and its CommonJS build) is taken too.
 */
import { ConfigError, show, type Model, type Network } from '@bpnn/core';

function isNetwork(value: unknown): value is Network {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.config === 'function' && typeof v.parameters === 'function' && typeof v.predict === 'function';
}

function isModel(value: unknown): value is Model {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return isNetwork(v.network) && typeof v.task === 'string' && Array.isArray(v.inputNames);
}

/** Throws unless `value` is a Model; `to` says what the caller does with it ("write", "export"). */
export function checkModel(value: unknown, caller: string): asserts value is Model {
  if (isModel(value)) return;
  const got = isNetwork(value) ? `a Network: ${caller} takes a Model (with its columns, scaling and labels); write a bare network with writeNetwork` : show(value);
  throw new ConfigError('model', `of ${caller} must be a Model (Model.train's model, or a model read from a file), got ${got}`);
}

/** Throws unless `value` is a Network. */
export function checkNetwork(value: unknown, caller: string): asserts value is Network {
  if (isNetwork(value)) return;
  const got = isModel(value) ? 'a Model: write it with writeModel (or its network alone with writeNetwork(model.network))' : show(value);
  throw new ConfigError('network', `of ${caller} must be a Network, got ${got}`);
}
