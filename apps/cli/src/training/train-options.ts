/**
 * What `bpnn train`'s flags mean for core: the optimiser spec (flags of another optimiser are a
 * usage error) and the options of Model.train.
 */
import { basename, extname } from 'node:path';
import { ConfigError, TRAIN_DEFAULTS, VALIDATION_SPLIT_WITH_EARLY_STOPPING } from '@bpnn/core';
import type { ClassWeights, DType, InitName, LossName, MissingName, OptimizerName, OptimizerSpec, ScalingName, ScheduleSpec, Task, TrainOptions } from '@bpnn/core';
import type { DataFormat } from '../data/data-files.js';
import { UsageError } from '../exit-codes.js';

/** The flags every training command takes (training-flags.ts defines them). */
export interface TrainingFlags {
  target?: string[];
  format?: DataFormat;
  features?: string[];
  /** CSV input columns to read as categories (--categorical). */
  categorical?: string[];
  /** --missing: refuse missing values (error, the default) or fill them with their column's mean. */
  missing?: MissingName;
  task?: Task;
  /** Undefined here and below: core's automatic default (auto-defaults.ts). */
  hidden?: number[];
  activation?: TrainOptions['activation'];
  outputActivation?: TrainOptions['activation'];
  loss?: LossName;
  optimizer: OptimizerName;
  learningRate?: number;
  momentum?: number;
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
  rpropIncrease?: number;
  rpropDecrease?: number;
  rpropStep?: number;
  batchSize?: number | 'full';
  epochs?: number;
  l2?: number;
  l1?: number;
  classWeights?: ClassWeights;
  schedule?: ScheduleSpec;
  dropout?: number | number[];
  /** Undefined: core's default (defaultValidationSplit), which depends on --patience. */
  validationSplit?: number;
  patience?: number;
  /** false with --no-early-stopping (commander's default for the flag is true). */
  earlyStopping?: boolean;
  minDelta?: number;
  targetLoss?: number;
  bitFail?: number;
  bitFailLimit?: number;
  seed: number;
  dtype?: DType;
  scaling: ScalingName;
  targetScaling: ScalingName;
  init?: InitName;
  threads?: number | 'auto';
  delimiter?: string;
  /** The CSV's character encoding (--encoding), a name of serialize's CSV_ENCODINGS. */
  encoding?: string;
  /** The CSV's decimal mark (--decimal) and, with ',', its thousands separator (--thousands). */
  decimal?: '.' | ',';
  thousands?: '.';
}

/** `bpnn train`'s flags: the training's, and where its results go. */
export interface TrainFlags extends TrainingFlags {
  testSplit: number;
  testOut?: string;
  out?: string;
  /** A model file to continue training (Model.train's `from`). */
  from?: string;
  plot?: string;
  /** False with --no-checkpoint: the saved model leaves out its checkpoint (weights only). */
  checkpoint: boolean;
  /** Train from a cache file beside the CSV, a block at a time (stream-data.ts). */
  stream?: boolean;
  json: boolean;
}

/** The optimisers that step on the whole training set's gradient (core sizes their batch itself). */
const FULL_BATCH: readonly OptimizerName[] = ['rprop', 'quickprop', 'lbfgs'];

/** Checks the flags that need one another; a wrong combination is a usage error. */
export function checkTrainingFlags(flags: TrainingFlags): void {
  if (flags.minDelta !== undefined && flags.patience === undefined) throw new UsageError('--min-delta needs --patience (it sets early stopping)');
  if (flags.earlyStopping === false && flags.patience !== undefined) throw new UsageError('--patience asks for early stopping, --no-early-stopping for none: give one of them');
  if (flags.bitFailLimit !== undefined && flags.bitFail === undefined) throw new UsageError('--bit-fail-limit needs --bit-fail (the count to stop at, such as 0)');
}

/** The optimiser spec the flags ask for; flags of another optimiser are a usage error. */
export function optimizerSpec(flags: TrainingFlags): OptimizerSpec {
  const given = (names: [string, unknown][]) => names.filter(([, v]) => v !== undefined).map(([n]) => n);
  const sgdFlags = given([['--momentum', flags.momentum], ['--nesterov', flags.nesterov]]);
  const adamFlags = given([['--beta1', flags.beta1], ['--beta2', flags.beta2]]);
  const rpropFlags = given([['--rprop-increase', flags.rpropIncrease], ['--rprop-decrease', flags.rpropDecrease], ['--rprop-step', flags.rpropStep]]);
  const foreign = {
    sgd: [...adamFlags, ...rpropFlags],
    adam: [...sgdFlags, ...rpropFlags],
    rprop: [...sgdFlags, ...adamFlags],
    quickprop: [...sgdFlags, ...adamFlags, ...rpropFlags],
    lbfgs: [...sgdFlags, ...adamFlags, ...rpropFlags],
  }[flags.optimizer];
  if (foreign.length > 0) throw new UsageError(`${foreign[0]} does not apply to --optimizer ${flags.optimizer}`);
  if (FULL_BATCH.includes(flags.optimizer) && flags.batchSize !== undefined && flags.batchSize !== 'full') {
    throw new UsageError(`--batch-size must be full for --optimizer ${flags.optimizer}, which steps on the whole set's gradient; got ${flags.batchSize}`);
  }
  if (flags.optimizer === 'quickprop' || flags.optimizer === 'lbfgs') return { name: flags.optimizer, learningRate: flags.learningRate };
  if (flags.optimizer === 'rprop') {
    if (flags.learningRate !== undefined) throw new UsageError('--learning-rate does not apply to --optimizer rprop (it adapts a step per weight; see --rprop-step)');
    return { name: 'rprop', increase: flags.rpropIncrease, decrease: flags.rpropDecrease, initialStep: flags.rpropStep };
  }
  if (flags.optimizer === 'sgd') {
    if (flags.nesterov && !flags.momentum) throw new UsageError('--nesterov needs --momentum > 0');
    return { name: 'sgd', learningRate: flags.learningRate, momentum: flags.momentum, nesterov: flags.nesterov };
  }
  return { name: 'adam', learningRate: flags.learningRate, beta1: flags.beta1, beta2: flags.beta2 };
}

/**
 * The options for core's Model.train that the flags ask for (undefined ones left out). With
 * `continuing` (--from), the options that shape a network are left to the model, and so is the
 * seed unless --seed was given (core then takes the model's).
 */
export function trainOptions(
  flags: TrainingFlags,
  task: Task,
  optimizer: OptimizerSpec,
  rows: number,
  continuing?: { seedGiven: boolean },
): Omit<TrainOptions, 'onEpoch' | 'signal' | 'validation' | 'from'> {
  const options: Omit<TrainOptions, 'onEpoch' | 'signal' | 'validation'> = {
    task,
    hidden: flags.hidden,
    activation: flags.activation,
    outputActivation: flags.outputActivation,
    loss: flags.loss,
    scaling: flags.scaling,
    // A classification has no target scaling: another than the default is passed, for core to refuse rather than ignore it.
    targetScaling: task === 'regression' || flags.targetScaling !== TRAIN_DEFAULTS.targetScaling ? flags.targetScaling : undefined,
    dtype: flags.dtype,
    init: flags.init,
    missing: flags.missing,
    seed: flags.seed,
    epochs: flags.epochs,
    // --batch-size full: fit sizes a full batch itself for rprop; for the others, a batch of all
    // the rows (more than remain after the validation split) is the whole set.
    batchSize: flags.batchSize === 'full' ? (FULL_BATCH.includes(flags.optimizer) ? undefined : rows) : flags.batchSize,
    optimizer,
    l2: flags.l2,
    schedule: flags.schedule,
    dropout: flags.dropout,
    l1: flags.l1,
    classWeights: flags.classWeights,
    validationSplit: flags.validationSplit,
    earlyStopping: flags.patience !== undefined ? { patience: flags.patience, minDelta: flags.minDelta } : flags.earlyStopping === false ? false : undefined,
    targetLoss: flags.targetLoss,
    stopAtBitFail: flags.bitFail === undefined ? undefined : { count: flags.bitFail, limit: flags.bitFailLimit },
    threads: flags.threads,
  };
  if (continuing !== undefined) {
    for (const key of ['task', 'hidden', 'activation', 'outputActivation', 'loss', 'scaling', 'targetScaling', 'dtype', 'init', 'missing'] as const) delete options[key];
    if (!continuing.seedGiven) delete options.seed;
  }
  for (const key of Object.keys(options) as (keyof typeof options)[]) if (options[key] === undefined) delete options[key];
  // --patience stops on a validation hold-out: its default share is passed as if given, so that core
  // refuses a set too small to leave a row on each side (hold-out.ts skips a share it chose). Set
  // last, where core records the share it resolved, so a model file's record reads as before.
  if (options.validationSplit === undefined && flags.patience !== undefined) options.validationSplit = VALIDATION_SPLIT_WITH_EARLY_STOPPING;
  return options;
}

/**
 * Core's refusal of a hold-out that leaves a side empty, said in flags: the share --patience holds
 * out when --validation-split is not given. Other errors are returned as they are.
 */
export function holdOutError(error: unknown, flags: TrainingFlags): unknown {
  if (!(error instanceof ConfigError) || error.field !== 'validationSplit' || flags.validationSplit !== undefined || flags.patience === undefined) return error;
  const leaves = /of (\d+) rows (leaves .*)$/.exec(error.message);
  if (leaves === null) return error;
  return new UsageError(`--patience validates on ${VALIDATION_SPLIT_WITH_EARLY_STOPPING} of the training rows (--validation-split's share with --patience), and ${VALIDATION_SPLIT_WITH_EARLY_STOPPING} of ${leaves[1]} rows ${leaves[2]}: give --validation-split a share that leaves a row on each side, or leave out --patience (training then stops when the training loss stops improving)`);
}

/** Where the model goes when --out is not given: the data file's name with .bpnn, here. */
export function defaultOut(file: string): string {
  return file === '-' ? 'model.bpnn' : `${basename(file, extname(file))}.bpnn`;
}

/** `adam (learningRate 0.01)`: the optimiser and the settings given. */
export function describeOptimizer(spec: OptimizerSpec): string {
  if (typeof spec === 'string') return spec;
  const parts = Object.entries(spec)
    .filter(([k, v]) => k !== 'name' && v !== undefined)
    .map(([k, v]) => `${k} ${v}`);
  return parts.length > 0 ? `${spec.name} (${parts.join(', ')})` : spec.name;
}

