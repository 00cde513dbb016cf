/**
 * Warm start: `Model.train(data, { from: model })` trains a copy of a model further. The model
 * decides what shapes the network and its data (so those options cannot be given), the data must
 * have its columns, and its checkpoint (checkpoint.ts) continues when it is of the optimiser this
 * training uses (the optimiser's state only means something to the same optimiser) and of as many
 * training rows (its order of the rows is of that data).
 */
import type { TrainingCheckpoint } from './checkpoint.js';
import type { Dataset } from '../data/dataset.js';
import { FIT_DEFAULTS } from '../defaults/defaults.js';
import { ConfigError, DataError } from '../errors.js';
import type { OptimizerSpec } from '../optimizers/optimizer.js';

/** The options that shape a new network and its data, which the model to continue decides instead. */
export const SHAPING_OPTIONS = ['task', 'hidden', 'activation', 'outputActivation', 'loss', 'scaling', 'targetScaling', 'dtype', 'init', 'missing'] as const;

/** Refuses shaping options given with `from`, and data whose columns are not the model's. */
export function checkWarmStart(from: { inputNames: readonly string[]; targetNames: readonly string[] }, options: Partial<Record<(typeof SHAPING_OPTIONS)[number], unknown>>, data: Pick<Dataset, 'inputNames' | 'targetNames'>): void {
  const given = SHAPING_OPTIONS.filter((name) => options[name] !== undefined);
  if (given.length > 0) throw new ConfigError(given[0], `cannot be given with from: the model to continue decides ${given.join(', ')}`);
  const names = (list: readonly string[]) => list.join(', ');
  if (names(data.inputNames) !== names(from.inputNames) || names(data.targetNames) !== names(from.targetNames)) {
    throw new DataError(`the data has columns ${names(data.inputNames)} → ${names(data.targetNames)}, the model to continue ${names(from.inputNames)} → ${names(from.targetNames)}`);
  }
}

/**
 * The checkpoint to resume: the model's, when it is of the optimiser this training uses and was
 * made on as many training rows as this one has (`rows`: the same data, continued); else the
 * weights continue and the optimiser starts afresh (a warm start on other data).
 */
export function continuedCheckpoint(checkpoint: TrainingCheckpoint | undefined, optimizer: OptimizerSpec | undefined, rows: number): TrainingCheckpoint | undefined {
  const name = typeof optimizer === 'string' ? optimizer : (optimizer?.name ?? FIT_DEFAULTS.optimizer);
  return checkpoint !== undefined && checkpoint.optimizer.name === name && checkpoint.order.length === rows ? checkpoint : undefined;
}

/** The fit options a warm start takes from its model's training when the caller leaves them out. */
const KEPT_CHOICES = ['batchSize', 'l2', 'optimizer', 'earlyStopping'] as const;

/**
 * What the model's training chose automatically (its record's `options.auto`) for the fit
 * options the caller leaves out: a continued training goes on as the one it continues, even
 * where the automatic rules have changed since (a model trained before classifications had L2
 * continues without it), and bit for bit from its checkpoint.
 */
export function keptChoices(recorded: Record<string, unknown> | undefined, options: Partial<Record<(typeof KEPT_CHOICES)[number], unknown>>): Record<string, unknown> {
  const auto = recorded?.auto;
  if (typeof auto !== 'object' || auto === null || Array.isArray(auto)) return {};
  const chosen = auto as Record<string, unknown>;
  return Object.fromEntries(KEPT_CHOICES.filter((name) => options[name] === undefined && chosen[name] !== undefined).map((name) => [name, chosen[name]]));
}
