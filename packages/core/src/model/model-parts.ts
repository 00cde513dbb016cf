/**
 * What a Model is made of (a network with its task, column names, scaling, labels and training
 * record), and the checks its constructor makes that the parts fit together: each field of the
 * right kind, a name for each input and output, no column named twice or both input and target.
 */
import { checkCategorical, type CategoricalInput } from '../data/categories.js';
import { TASKS } from '../data/task.js';
import { ConfigError, show } from '../errors.js';
import type { ModelDescription } from '../model-file/model-document.js';
import { Network } from '../network/network.js';
import type { TrainingCheckpoint } from '../resume/checkpoint.js';
import type { TrainingRecord } from '../training/training-record.js';

/** What a {@link Model} is made of (its constructor checks that the parts fit together). */
export interface ModelParts extends ModelDescription {
  training?: TrainingRecord;
  /** What continues the training (checkpoint.ts). */
  checkpoint?: TrainingCheckpoint;
}

/** The parts a Model keeps as its own copies, checked. */
export interface CheckedParts {
  inputNames: string[];
  targetNames: string[];
  labels?: string[];
  categorical: readonly CategoricalInput[];
  fill?: readonly number[];
}

/**
 * Checks a model's parts, in the order the constructor always has (the first thing wrong is the
 * error), and copies the lists the model keeps.
 */
export function checkModelParts(parts: ModelParts): CheckedParts {
  if (parts === null || typeof parts !== 'object') throw new ConfigError('parts', `must be a model's parts { task, network, inputNames, targetNames, inputScaler, … }, got ${show(parts)}`);
  if (!TASKS.includes(parts.task)) throw new ConfigError('task', `must be classification or regression, got ${show(parts.task)}`);
  if (!(parts.network instanceof Network)) throw new ConfigError('network', `must be a Network, got ${show(parts.network)}`);
  for (const field of ['inputNames', 'targetNames', ...(parts.labels !== undefined ? ['labels' as const] : [])] as const) {
    const names: unknown = parts[field];
    // Array.from makes a hole undefined, which some() would skip
    if (!Array.isArray(names) || Array.from(names).some((name) => typeof name !== 'string')) throw new ConfigError(field, `must be a list of names (strings), got ${show(names)}`);
  }
  const { task, network } = parts;
  const inputNames = [...parts.inputNames];
  const targetNames = [...parts.targetNames];
  const labels = parts.labels && [...parts.labels];
  if (inputNames.length !== network.inputSize) {
    throw new ConfigError('inputNames', `names ${inputNames.length} columns, the network takes ${network.inputSize}`);
  }
  checkNames(inputNames, targetNames);
  const categorical = checkCategorical(inputNames, parts.categorical);
  let fill: readonly number[] | undefined;
  if (parts.fill !== undefined) {
    if (parts.fill.length !== inputNames.length || Array.from(parts.fill).some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new ConfigError('fill', `must be a finite number for each of the ${inputNames.length} inputs, got ${show(parts.fill)}`);
    }
    fill = [...parts.fill];
  }
  if (task === 'classification' && labels?.length !== network.outputSize) {
    throw new ConfigError('labels', `must name each of the ${network.outputSize} outputs, got ${show(labels)}`);
  }
  const twice = labels?.find((label, k) => labels.indexOf(label) !== k);
  if (twice !== undefined) throw new ConfigError('labels', `names the class ${show(twice)} twice: each output needs a class of its own`);
  if (task === 'regression' && targetNames.length !== network.outputSize) {
    throw new ConfigError('targetNames', `names ${targetNames.length} targets, the network has ${network.outputSize} outputs`);
  }
  return { inputNames, targetNames, labels, categorical, fill };
}

/** Each input and target column named once, and no column both an input and a target. */
function checkNames(inputNames: readonly string[], targetNames: readonly string[]): void {
  for (const [names, field, what] of [[inputNames, 'inputNames', 'input'], [targetNames, 'targetNames', 'target']] as const) {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) throw new ConfigError(field, `names ${show(name)} twice: each ${what} column needs a name of its own`);
      seen.add(name);
    }
  }
  const inputs = new Set(inputNames);
  const both = targetNames.find((name) => inputs.has(name));
  if (both !== undefined) throw new ConfigError('targetNames', `names ${show(both)}, which is an input column too: a column is an input or a target, not both`);
}
