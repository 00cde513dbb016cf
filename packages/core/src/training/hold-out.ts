/**
 * The rows Model.train holds out for validation when it is given no validation set: the share
 * `validationSplit` names, or defaults.ts's rule (none, or 20 % with early stopping). For
 * classification the share is stratified, so that every class is seen on both sides of a small data
 * set; for regression fit draws it. A default share that rounds to no row is skipped (early stopping
 * then watches the training loss); a share the caller named must leave a row on each side.
 */
import { defaultValidationSplit } from '../defaults/defaults.js';
import { ConfigError, show } from '../errors.js';
import { argmaxRows } from '../data/labels.js';
import type { Matrix } from '../data/matrix.js';
import { numberOption } from '../options.js';
import { Random } from '../random.js';
import { stratifiedSplit } from '../data/split.js';
import type { Task } from '../data/task.js';
import type { FitOptions } from './train.js';

export interface HeldOut {
  /** (rows, inputs) and (rows, outputs): what trains. */
  x: Matrix;
  y: Matrix;
  /** What fit is told: the held-out rows, or the share it should draw itself. */
  fit: Pick<FitOptions, 'validation' | 'validationSplit'>;
  /** The share held out, as resolved (0 for none). */
  split: number;
}

export function holdOut(task: Task, x: Matrix, y: Matrix, options: Pick<FitOptions, 'validationSplit' | 'earlyStopping'>, seed: number): HeldOut {
  const named = numberOption('validationSplit', options.validationSplit, 0, 0, 1, { max: true });
  const split = options.validationSplit === undefined ? defaultValidationSplit(options.earlyStopping) : named;
  if (task === 'regression' || split === 0) {
    const rows = Math.round(x.rows * split);
    const skipped = options.validationSplit === undefined && (rows === 0 || rows === x.rows);
    // fit draws the resolved share itself (0 when the default one is skipped).
    return { x, y, fit: { validationSplit: skipped ? 0 : split }, split: skipped ? 0 : split };
  }
  const { train, held } = stratifiedSplit(argmaxRows(y.data, y.rows, y.cols), split, new Random(seed));
  if (train.length > 0 && held.length > 0) {
    return { x: x.selectRows(train), y: y.selectRows(train), fit: { validation: { inputs: x.selectRows(held), targets: y.selectRows(held) } }, split };
  }
  if (options.validationSplit !== undefined) {
    throw new ConfigError('validationSplit', `${show(split)} of ${x.rows} rows leaves ${train.length} to train on and ${held.length} to validate on; both need at least one`);
  }
  return { x, y, fit: { validationSplit: 0 }, split: 0 };
}
