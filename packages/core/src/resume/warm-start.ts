/**
 * Warm start: `Model.train(data, { from: model })` trains a copy of a model further. The model
 * decides what shapes the network and its data (so those options cannot be given), the data must
 * have its columns, and its checkpoint (checkpoint.ts) continues when it is of the optimiser this
 * training uses: the optimiser's state only means something to the same optimiser.
 */
import type { TrainingCheckpoint } from './checkpoint.js';
import type { Dataset } from '../data/dataset.js';
import { FIT_DEFAULTS } from '../defaults/defaults.js';
import { ConfigError, DataError } from '../errors.js';
import type { OptimizerSpec } from '../optimizers/optimizer.js';

/** The options that shape a new network and its data, which the model to continue decides instead. */
export const SHAPING_OPTIONS = ['task', 'hidden', 'activation', 'outputActivation', 'loss', 'scaling', 'targetScaling', 'dtype', 'init'] as const;

/** Refuses shaping options given with `from`, and data whose columns are not the model's. */
export function checkWarmStart(from: { inputNames: readonly string[]; targetNames: readonly string[] }, options: Partial<Record<(typeof SHAPING_OPTIONS)[number], unknown>>, data: Pick<Dataset, 'inputNames' | 'targetNames'>): void {
  const given = SHAPING_OPTIONS.filter((name) => options[name] !== undefined);
  if (given.length > 0) throw new ConfigError(given[0], `cannot be given with from: the model to continue decides ${given.join(', ')}`);
  const names = (list: readonly string[]) => list.join(', ');
  if (names(data.inputNames) !== names(from.inputNames) || names(data.targetNames) !== names(from.targetNames)) {
    throw new DataError(`the data has columns ${names(data.inputNames)} → ${names(data.targetNames)}, the model to continue ${names(from.inputNames)} → ${names(from.targetNames)}`);
  }
}

/** The checkpoint to resume: the model's, when it is of the optimiser this training uses (else it starts afresh). */
export function continuedCheckpoint(checkpoint: TrainingCheckpoint | undefined, optimizer: OptimizerSpec | undefined): TrainingCheckpoint | undefined {
  const name = typeof optimizer === 'string' ? optimizer : (optimizer?.name ?? FIT_DEFAULTS.optimizer);
  return checkpoint !== undefined && checkpoint.optimizer.name === name ? checkpoint : undefined;
}
