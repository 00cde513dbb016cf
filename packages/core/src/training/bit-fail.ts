/**
 * FANN's bit fail for a network, and the stopping rule built on it (FANN_STOPFUNC_BIT): training
 * stops once the training set has at most `count` outputs off by `limit` or more. FANN counts
 * these while an epoch trains; fit counts them after the epoch, with the weights it ends with.
 */
import type { ActivationName } from '../activations/activation.js';
import { Batch, type RowSet } from './batch.js';
import { BIT_FAIL_DEFAULTS } from '../defaults/defaults.js';
import { ShapeError } from '../errors.js';
import type { MatrixLike } from '../data/matrix.js';
import { countBitFails } from '../model/metrics.js';
import type { Network } from '../network/network.js';
import { integerOption, numberOption } from '../options.js';
import { SCORE_CHUNK } from './score.js';
import { checkObject, checkOptions, optionNames } from '../strict-options.js';

/** When `stopAtBitFail` stops: at most `count` outputs off by `limit` or more. */
export interface BitFailStopOptions {
  /** FANN's bit_fail_limit: an output is a fail when |y − a| ≥ limit (halved, see below). Default 0.35. */
  limit?: number;
  /** Stop once the training set's bit fail is at most this, default 0. */
  count?: number;
}

/**
 * The output activations whose range is [−1, 1], FANN's "symmetric" functions: FANN halves their
 * difference y − a before comparing it with the limit (fann_update_MSE), and so does bpnn.
 */
export const SYMMETRIC_OUTPUTS: ReadonlySet<ActivationName> = new Set<ActivationName>([
  'tanh',
  'tanh-stepwise',
  'elliot-symmetric',
  'gaussian-symmetric',
  'sin-symmetric',
  'cos-symmetric',
  'linear-piece-symmetric',
  'threshold-symmetric',
]);

/** Whether the network's output differences are halved (a symmetric output activation). */
export function halvesDifferences(network: Network): boolean {
  return SYMMETRIC_OUTPUTS.has(network.activations[network.activations.length - 1].name);
}

/** FANN's bit fail of the network on (inputs, targets), in the network's own units (what fann_test_data counts). */
export function networkBitFail(network: Network, inputs: MatrixLike, targets: MatrixLike, limit: number = BIT_FAIL_DEFAULTS.limit): number {
  numberOption('limit', limit, BIT_FAIL_DEFAULTS.limit, 0, Infinity, { min: true });
  const outputs = network.predict(inputs);
  const y = network.checkInputs(targets, 'targets', network.outputSize);
  if (y.rows !== outputs.rows) throw new ShapeError(`targets have ${y.rows} rows, the inputs ${outputs.rows}`);
  return countBitFails(y.data, outputs.data, y.data.length, limit, halvesDifferences(network));
}

/** The bit fail of a set's rows, forwarded in chunks gathered into `batch` (as score.ts scores). */
export function setBitFail(network: Network, set: RowSet, batch: Batch, limit: number): number {
  const halve = halvesDifferences(network);
  let fails = 0;
  for (let start = 0; start < set.index.length; start += batch.capacity) {
    const size = Math.min(batch.capacity, set.index.length - start);
    batch.gather(set, set.index, start, size);
    const outputs = network.forward(batch.inputs, size);
    fails += countBitFails(batch.targets, outputs, size * network.outputSize, limit, halve);
  }
  return fails;
}

const BIT_FAIL_STOP_OPTIONS = optionNames<BitFailStopOptions>({ limit: true, count: true });

/** fit's `stopAtBitFail`, checked: null when not asked for. */
export function bitFailStop(value: boolean | BitFailStopOptions | undefined): Required<BitFailStopOptions> | null {
  if (value === undefined || value === false) return null;
  if (value !== true) checkObject(value, 'stopAtBitFail', `true, false or an object such as { limit: ${BIT_FAIL_DEFAULTS.limit}, count: 0 }`);
  const options = value === true ? {} : value;
  checkOptions(options, BIT_FAIL_STOP_OPTIONS, 'stopAtBitFail', 'stopAtBitFail');
  return {
    limit: numberOption('stopAtBitFail.limit', options.limit, BIT_FAIL_DEFAULTS.limit, 0, Infinity, { min: true }),
    count: integerOption('stopAtBitFail.count', options.count, BIT_FAIL_DEFAULTS.count, 0),
  };
}

/** A batch for counting the training set's bit fail after each epoch, when the rule is on. */
export function bitFailBatch(network: Network, rows: number): Batch {
  return new Batch(network, Math.min(SCORE_CHUNK, rows));
}
