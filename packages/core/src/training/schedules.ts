/**
 * Learning-rate schedules: η changed once per epoch, before the epoch's first batch, as PyTorch's
 * `torch.optim.lr_scheduler` changes it (`StepLR`, `ExponentialLR`, `CosineAnnealingLR`,
 * `ReduceLROnPlateau`, with the same sequences: schedules.test.ts). With η₀ the optimiser's own
 * learningRate and e = epoch − 1 (0 for the first epoch, PyTorch's `last_epoch`):
 *
 *   step                η₀ · factor^⌊e / every⌋
 *   exponential         η₀ · factor^e
 *   cosine              minRate + (η₀ − minRate) · (1 + cos(π·e / epochs)) / 2
 *   reduce-on-plateau   η ← max(η · factor, minRate) once the monitored loss (the validation loss,
 *                       else the training loss) has not fallen below best·(1 − threshold) for more
 *                       than `patience` epochs; then `cooldown` epochs before counting again
 *
 * A schedule plugs into the training around the epoch (training.ts calls `beforeEpoch` and
 * `afterEpoch`); the step itself stays forward → loss → backward → optimiser step.
 */
import { ConfigError, show } from '../errors.js';
import { SCHEDULE_DEFAULTS } from '../defaults/defaults.js';
import { integerOption, numberOption } from '../options.js';
import { checkObject, checkOptions, optionNames } from '../strict-options.js';
import type { Optimizer } from '../optimizers/optimizer-interface.js';
import type { EpochHook } from './epoch-hook.js';

/** η₀·factor^⌊e/every⌋ (PyTorch's StepLR with step_size = every, gamma = factor). */
export interface StepScheduleOptions {
  /** Epochs between two changes, ≥ 1. */
  every: number;
  /** In (0, 1], default 0.1. */
  factor?: number;
}

/** η₀·factor^e (PyTorch's ExponentialLR with gamma = factor). */
export interface ExponentialScheduleOptions {
  /** In (0, 1]. */
  factor: number;
}

/** Half a cosine from η₀ down to minRate over `epochs` (PyTorch's CosineAnnealingLR, T_max and eta_min). */
export interface CosineScheduleOptions {
  /** The epochs of the half period, default the training's epochs. */
  epochs?: number;
  /** Default 0. */
  minRate?: number;
}

/** PyTorch's ReduceLROnPlateau in mode 'min' with a relative threshold. */
export interface PlateauScheduleOptions {
  /** In (0, 1), default 0.1. */
  factor?: number;
  /** Epochs without improvement tolerated; η falls on the one after. Default 10. */
  patience?: number;
  /** The relative improvement that counts, default 1e-4. */
  threshold?: number;
  /** Epochs after a change before bad epochs are counted again, default 0. */
  cooldown?: number;
  /** η never goes below this, default 0. */
  minRate?: number;
}

/** A schedule in options: `{ name: 'step', every: 10, factor: 0.5 }`, … */
export type ScheduleSpec =
  | ({ name: 'step' } & StepScheduleOptions)
  | ({ name: 'exponential' } & ExponentialScheduleOptions)
  | ({ name: 'cosine' } & CosineScheduleOptions)
  | ({ name: 'reduce-on-plateau' } & PlateauScheduleOptions);

/** The schedules by name. */
export type ScheduleName = ScheduleSpec['name'];

/** The name of every schedule. */
export const SCHEDULE_NAMES: readonly ScheduleName[] = ['step', 'exponential', 'cosine', 'reduce-on-plateau'];

const OPTIONS: Record<ScheduleName, readonly string[]> = {
  step: optionNames<StepScheduleOptions & { name: 'step' }>({ name: true, every: true, factor: true }),
  exponential: optionNames<ExponentialScheduleOptions & { name: 'exponential' }>({ name: true, factor: true }),
  cosine: optionNames<CosineScheduleOptions & { name: 'cosine' }>({ name: true, epochs: true, minRate: true }),
  'reduce-on-plateau': optionNames<PlateauScheduleOptions & { name: 'reduce-on-plateau' }>({ name: true, factor: true, patience: true, threshold: true, cooldown: true, minRate: true }),
};

/** What a schedule carries from one training to its continuation (a checkpoint): reduce-on-plateau's counters. */
export interface ScheduleState {
  rate: number;
  best: number;
  bad: number;
  cooldown: number;
}

/** A schedule bound to one optimiser: sets its learningRate before each epoch. */
export class LearningRateSchedule implements EpochHook {
  private readonly base: number;
  private state: ScheduleState;

  private constructor(
    private readonly opt: Optimizer & { learningRate: number },
    /** η for 0-based epoch e, from η₀ and the rate so far. */
    private readonly rule: (e: number, base: number, rate: number) => number,
    private readonly plateau: Required<PlateauScheduleOptions> | null,
  ) {
    this.base = opt.learningRate;
    this.state = { rate: opt.learningRate, best: Infinity, bad: 0, cooldown: 0 };
  }

  /** The schedule a spec names for `opt`, checked; `epochs` is the training's (cosine's default period). */
  static of(spec: unknown, opt: Optimizer, epochs: number, field = 'schedule'): LearningRateSchedule {
    checkObject(spec, field, `an object such as { name: 'step', every: 10, factor: 0.5 } (one of ${SCHEDULE_NAMES.join(', ')})`);
    const options = spec as Record<string, unknown>;
    const name = options.name as ScheduleName;
    if (!SCHEDULE_NAMES.includes(name)) throw new ConfigError(`${field}.name`, `must be one of ${SCHEDULE_NAMES.join(', ')}, got ${show(options.name)}`);
    checkOptions(options, OPTIONS[name], `the ${name} schedule`, field);
    if (opt.learningRate === undefined) {
      throw new ConfigError(field, `does not apply to ${opt.name}, which has no learning rate (it adapts a step per weight); use sgd or adam`);
    }
    const rated = opt as Optimizer & { learningRate: number };
    const required = (key: string, example: string) => {
      if (options[key] === undefined) throw new ConfigError(`${field}.${key}`, `is missing: the ${name} schedule needs it (${example})`);
      return NaN; // never used: the value is given
    };
    const number = (key: string, fallback: number, min: number, max: number, open: { min?: boolean; max?: boolean } = {}) =>
      numberOption(`${field}.${key}`, options[key] as number | undefined, fallback, min, max, open);
    const integer = (key: string, fallback: number, min: number) => integerOption(`${field}.${key}`, options[key] as number | undefined, fallback, min);
    switch (name) {
      case 'step': {
        const every = integer('every', required('every', `{ name: 'step', every: 10, factor: 0.5 }`), 1);
        const factor = number('factor', SCHEDULE_DEFAULTS.step.factor, 0, 1, { min: true });
        return new LearningRateSchedule(rated, (e, b) => b * factor ** Math.floor(e / every), null);
      }
      case 'exponential': {
        const factor = number('factor', required('factor', `{ name: 'exponential', factor: 0.95 }`), 0, 1, { min: true });
        return new LearningRateSchedule(rated, (e, b) => b * factor ** e, null);
      }
      case 'cosine': {
        const period = integer('epochs', epochs, 1);
        const minRate = number('minRate', SCHEDULE_DEFAULTS.cosine.minRate, 0, rated.learningRate);
        return new LearningRateSchedule(rated, (e, b) => minRate + ((b - minRate) * (1 + Math.cos((Math.PI * e) / period))) / 2, null);
      }
      case 'reduce-on-plateau': {
        const d = SCHEDULE_DEFAULTS['reduce-on-plateau'];
        const plateau = {
          factor: number('factor', d.factor, 0, 1, { min: true, max: true }),
          patience: integer('patience', d.patience, 0),
          threshold: number('threshold', d.threshold, 0, 1, { max: true }),
          cooldown: integer('cooldown', d.cooldown, 0),
          minRate: number('minRate', d.minRate, 0, Infinity),
        };
        return new LearningRateSchedule(rated, (_e, _b, rate) => rate, plateau);
      }
    }
  }

  /** Before epoch `epoch` (1-based, counted from the first training when it continues one): sets η. */
  beforeEpoch(epoch: number): void {
    this.state.rate = this.rule(epoch - 1, this.base, this.state.rate);
    this.opt.learningRate = this.state.rate;
  }

  /** After an epoch, with its monitored loss: reduce-on-plateau's bookkeeping (PyTorch's step(metric)). */
  afterEpoch(monitored: number): void {
    const p = this.plateau;
    if (p === null) return;
    const s = this.state;
    if (monitored < s.best * (1 - p.threshold)) {
      s.best = monitored;
      s.bad = 0;
    } else {
      s.bad++;
    }
    if (s.cooldown > 0) {
      s.cooldown--;
      s.bad = 0;
    }
    if (s.bad > p.patience) {
      const reduced = Math.max(s.rate * p.factor, p.minRate);
      if (s.rate - reduced > PLATEAU_EPSILON) s.rate = reduced;
      s.cooldown = p.cooldown;
      s.bad = 0;
    }
  }

  /** The counters a continued training takes over (see checkpoint.ts). */
  save(): ScheduleState {
    return { ...this.state };
  }

  /** Takes over the counters of a saved schedule (a checkpoint's). */
  restore(state: ScheduleState): void {
    this.state = { ...state };
  }
}

/** PyTorch's ReduceLROnPlateau `eps`: a change smaller than this is not made. */
const PLATEAU_EPSILON = 1e-8;
