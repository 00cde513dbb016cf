/**
 * The body of POST /v1/jobs: a data set (CSV text or JSON rows), the name to store the model
 * under, and the options of `bpnn train`, checked with zod before a job is queued. `trainOptions`
 * turns them into core's TrainOptions, which the worker passes to Model.train. A missing option
 * takes core's default (defaults.ts), as in the library and `bpnn train`; the descriptions quote them.
 */
import {
  AUTO_RULES,
  ACTIVATION_NAMES,
  BIT_FAIL_DEFAULTS,
  DTYPES,
  EARLY_STOPPING_DEFAULTS,
  FIT_DEFAULTS,
  INIT_NAMES,
  LOSS_NAMES,
  MISSING_NAMES,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_NAMES,
  SCALING_NAMES,
  SCHEDULE_DEFAULTS,
  TASKS,
  TRAIN_DEFAULTS,
  VALIDATION_SPLIT_WITH_EARLY_STOPPING,
  type OptimizerSpec,
  type TrainOptions,
} from '@bpnn/core';
import * as z from 'zod';
import { MODEL_NAME, MODEL_NAME_RULE } from '../store/model-store.js';
import { absent } from '../schemas/exactly-one.js';

/** Bounds that keep one job from taking the machine: wide enough for any network this toolkit is for. */
export const MAX_EPOCHS = 100_000;
export const MAX_LAYER_SIZE = 4096;
export const MAX_HIDDEN_LAYERS = 8;

const positive = z.number().positive();
const activation = z.union([z.enum(ACTIVATION_NAMES), z.strictObject({ name: z.enum(ACTIVATION_NAMES), alpha: z.number().optional() })]);
const factor = z.number().positive().max(1);
const plateau = SCHEDULE_DEFAULTS['reduce-on-plateau'];
/** A learning-rate schedule (core's schedules.ts), as PyTorch's lr_scheduler names them. */
const schedule = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('step'), every: z.number().int().min(1), factor: factor.optional() }),
  z.strictObject({ name: z.literal('exponential'), factor }),
  z.strictObject({ name: z.literal('cosine'), epochs: z.number().int().min(1).optional(), minRate: z.number().min(0).optional() }),
  z.strictObject({
    name: z.literal('reduce-on-plateau'),
    factor: z.number().positive().lt(1).optional(),
    patience: z.number().int().min(0).optional(),
    threshold: z.number().min(0).lt(1).optional(),
    cooldown: z.number().int().min(0).optional(),
    minRate: z.number().min(0).optional(),
  }),
]);

/** A cell of a JSON row: a number for an input; a label (string) or a number for a target. */
const cell = z.union([z.number(), z.string(), z.null()]); // null: a missing value, with missing: 'mean'

/** The options of a job: the request without its data; a job's record shows them. */
export const jobOptionsSchema = z.strictObject({
    name: z.string().regex(MODEL_NAME, { error: `must be ${MODEL_NAME_RULE}` }).describe('The name the trained model is stored under.'),
    delimiter: z.string().length(1).optional().describe('The CSV field separator, default ",".'),
    decimal: z.enum(['.', ',']).optional().describe('The decimal mark of the CSV\'s numbers, default ".": "," reads 1,5 and -0,25 as spreadsheets in much of Europe write them (with delimiter ";"); a number with a point is then an error naming its cell, unless thousands is ".".'),
    thousands: z.literal('.').optional().describe('With decimal ",": "." groups digits in threes (1.234,5 is 1234.5).'),
    target: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe('The target column(s).'),
    features: z.array(z.string().min(1)).min(1).optional().describe('The input columns; default every column that is not a target.'),
    categorical: z.array(z.string().min(1)).min(1).optional().describe('Feature columns to read as categories (one 0/1 input per category) whatever their first value: codes such as 1, 2, 3. A column whose first value is a word (CSV) or a string (rows) is one without being named.'),
    task: z.enum(TASKS).optional(),
    hidden: z.array(z.number().int().min(1).max(MAX_LAYER_SIZE)).max(MAX_HIDDEN_LAYERS).optional().describe(`Sizes of the hidden layers, default [${AUTO_RULES.narrowHidden}] below ${AUTO_RULES.wideFromRows} rows, else [${AUTO_RULES.hidden}] (core's automatic defaults, auto-defaults.ts).`),
    activation: activation.optional().describe(`The hidden layers' activation, default ${TRAIN_DEFAULTS.activation}.`),
    outputActivation: activation.optional().describe('Default softmax for classification, linear for regression.'),
    loss: z.enum(LOSS_NAMES).optional().describe('Default categorical-cross-entropy for classification, mse for regression.'),
    optimizer: z.enum(OPTIMIZER_NAMES).optional().describe(`Default ${FIT_DEFAULTS.optimizer}.`),
    learningRate: positive
      .optional()
      .describe(
        `Step size of sgd, adam and quickprop, first trial step of lbfgs's line search; default ${OPTIMIZER_DEFAULTS.sgd.learningRate} for sgd, for adam ${AUTO_RULES.learningRate}·√(batchSize / ${AUTO_RULES.learningRateBatch}), at least ${AUTO_RULES.learningRate}, ${OPTIMIZER_DEFAULTS.quickprop.learningRate} for quickprop, ${OPTIMIZER_DEFAULTS.lbfgs.learningRate} for lbfgs.`,
      ),
    momentum: z.number().min(0).lt(1).optional().describe(`SGD only, default ${OPTIMIZER_DEFAULTS.sgd.momentum}.`),
    nesterov: z.boolean().optional().describe('SGD only.'),
    beta1: z.number().min(0).lt(1).optional().describe(`Adam only, default ${OPTIMIZER_DEFAULTS.adam.beta1}.`),
    beta2: z.number().min(0).lt(1).optional().describe(`Adam only, default ${OPTIMIZER_DEFAULTS.adam.beta2}.`),
    batchSize: z.number().int().min(1).optional().describe(`Samples per step, default rows / ${AUTO_RULES.stepsPerEpoch} within ${AUTO_RULES.minBatchSize}–${AUTO_RULES.maxBatchSize}; rprop, quickprop and lbfgs always take the whole set.`),
    epochs: z.number().int().min(1).max(MAX_EPOCHS).optional().describe(`The most epochs, default ${AUTO_RULES.epochs}.`),
    l2: z.number().min(0).optional().describe(`L2 weight decay, default c·√(weights / rows) up to ${AUTO_RULES.maxL2}: c = ${AUTO_RULES.l2PerWeightsPerRow} for regression, ${AUTO_RULES.classificationL2PerWeightsPerRow} for classification.`),
    l1: z.number().min(0).optional().describe(`L1 penalty λ₁·Σ|W| on the weights (not the biases), default ${FIT_DEFAULTS.l1}.`),
    classWeights: z
      .union([z.enum(['balanced', 'none']), z.array(positive).min(2), z.record(z.string(), positive)])
      .optional()
      .describe(`Classification: each class's weight on its samples: "balanced" (n_samples / (n_classes · count)), a list in the order of the sorted labels, or an object by label; default ${TRAIN_DEFAULTS.classWeights}.`),
    dropout: z
      .union([z.number().min(0).lt(1), z.array(z.number().min(0).lt(1)).min(1).max(MAX_HIDDEN_LAYERS)])
      .optional()
      .describe(`Share of hidden neurons dropped while training (inverted dropout): one for every hidden layer or one per hidden layer, default ${FIT_DEFAULTS.dropout}.`),
    schedule: schedule
      .optional()
      .describe(
        `Learning-rate schedule of sgd and adam, once per epoch: step (every, factor ${SCHEDULE_DEFAULTS.step.factor}), exponential (factor), cosine (epochs: the training's, minRate ${SCHEDULE_DEFAULTS.cosine.minRate}) or reduce-on-plateau (factor ${plateau.factor}, patience ${plateau.patience}, threshold ${plateau.threshold}, cooldown ${plateau.cooldown}, minRate ${plateau.minRate}).`,
      ),
    validationSplit: z
      .number()
      .min(0)
      .lt(1)
      .optional()
      .describe(`Share of the training rows held out to score each epoch: default 0 (none), or ${VALIDATION_SPLIT_WITH_EARLY_STOPPING} with early stopping; 0 asks for none.`),
    earlyStopping: z.boolean().optional().describe(`true: hold out rows, stop when the validation loss stops improving (patience ${EARLY_STOPPING_DEFAULTS.patience}) and keep the best epoch's weights; false: run every epoch; default: stop once the training loss has not improved by ${AUTO_RULES.minDelta} in ${AUTO_RULES.patience} epochs.`),
    patience: z.number().int().min(1).optional().describe('Epochs without improvement before early stopping; implies earlyStopping.'),
    targetLoss: z.number().min(0).optional(),
    bitFail: z.number().int().min(0).optional().describe("Stop once at most this many of the training set's outputs are off by bitFailLimit or more (FANN's bit fail)."),
    bitFailLimit: positive.optional().describe(`With bitFail: an output is a fail when |y − a| ≥ bitFailLimit, the difference halved for tanh-like outputs as in FANN; default ${BIT_FAIL_DEFAULTS.limit}.`),
    shuffle: z.boolean().optional().describe(`Default ${FIT_DEFAULTS.shuffle}.`),
    seed: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional().describe(`Default ${FIT_DEFAULTS.seed}.`),
    dtype: z.enum(DTYPES).optional().describe(`Default float32.`),
    scaling: z.enum(SCALING_NAMES).optional().describe(`Input scaling, default ${TRAIN_DEFAULTS.scaling}.`),
    targetScaling: z.enum(SCALING_NAMES).optional().describe(`Regression target scaling, default ${TRAIN_DEFAULTS.targetScaling}.`),
    init: z.enum(INIT_NAMES).optional().describe('Default he for relu-like activations, glorot for the others.'),
    missing: z.enum(MISSING_NAMES).optional().describe('Missing input values (empty CSV cells, NA, N/A, NaN, null, None, ?; null in rows): error (the default), or mean: fill each with its column\'s mean on the training rows, which the model keeps to fill the rows it predicts.'),
  });

const EITHER = 'must have either "csv" (CSV text) or "rows" (JSON rows), exactly one of them';
const csv = z.string().min(1).describe('The data set as CSV text: a header row of column names, one sample per row.');
const rows = z.array(z.record(z.string(), cell)).min(1).describe('The data set as JSON rows keyed by column name.');

/** The body of POST /v1/jobs: the options and exactly one of `csv` and `rows` (see schemas/exactly-one.ts). */
export const jobRequestSchema = z
  .xor([jobOptionsSchema.extend({ csv, rows: absent(EITHER) }), jobOptionsSchema.extend({ rows, csv: absent(EITHER) })], { error: EITHER })
  .check((ctx) => {
    const body = ctx.value;
    const issue = (path: string, message: string) => ctx.issues.push({ code: 'custom', path: [path], message, input: body });
    for (const field of ['delimiter', 'decimal', 'thousands'] as const) if (body.rows !== undefined && body[field] !== undefined) issue(field, 'applies to csv only');
    if (body.csv !== undefined && body.decimal === ',' && (body.delimiter ?? ',') === ',') issue('decimal', `is ",", the delimiter${body.delimiter === undefined ? "'s default" : ''} too: a comma cannot both separate fields and mark decimals; give delimiter ";", as files with a decimal comma are written`);
    if (body.thousands !== undefined && body.decimal !== ',') issue('thousands', 'needs decimal ","');
    if (body.thousands !== undefined && body.delimiter === body.thousands) issue('thousands', `is ${JSON.stringify(body.thousands)}, the delimiter too`);
    const optimizer = body.optimizer ?? FIT_DEFAULTS.optimizer;
    if ((body.momentum !== undefined || body.nesterov !== undefined) && optimizer !== 'sgd') {
      issue(body.momentum !== undefined ? 'momentum' : 'nesterov', `applies to the sgd optimizer only, not ${optimizer}`);
    }
    if ((body.beta1 !== undefined || body.beta2 !== undefined) && optimizer !== 'adam') {
      issue(body.beta1 !== undefined ? 'beta1' : 'beta2', `applies to the adam optimizer only, not ${optimizer}`);
    }
    if (body.learningRate !== undefined && optimizer === 'rprop') issue('learningRate', 'does not apply to rprop, which adapts a step per weight');
    if (body.schedule !== undefined && optimizer === 'rprop') issue('schedule', 'does not apply to rprop, which has no learning rate');
    if (body.earlyStopping === false && body.patience !== undefined) issue('patience', 'needs earlyStopping');
    if (body.bitFailLimit !== undefined && body.bitFail === undefined) issue('bitFailLimit', 'needs bitFail');
    const targets = typeof body.target === 'string' ? [body.target] : body.target;
    for (const [path, names] of [['target', targets], ['features', body.features ?? []]] as const) {
      const twice = names.find((name, k) => names.indexOf(name) !== k);
      if (twice !== undefined) issue(path, `lists ${JSON.stringify(twice)} twice`);
    }
    const both = (body.features ?? []).find((name) => targets.includes(name));
    if (both !== undefined) issue('features', `lists ${JSON.stringify(both)}, the target: a column is a feature or a target, not both`);
    const twiceCategorical = (body.categorical ?? []).find((name, k, names) => names.indexOf(name) !== k);
    if (twiceCategorical !== undefined) issue('categorical', `lists ${JSON.stringify(twiceCategorical)} twice`);
    const targetCategorical = (body.categorical ?? []).find((name) => targets.includes(name));
    if (targetCategorical !== undefined) issue('categorical', `lists ${JSON.stringify(targetCategorical)}, a target: categorical names feature columns (a classification's target is read as classes)`);
  });

export type JobRequest = z.infer<typeof jobRequestSchema>;
export type JobOptions = z.infer<typeof jobOptionsSchema>;

/** The options part of a request: everything but the data. */
export function jobOptions(request: JobRequest): JobOptions {
  const { csv: _csv, rows: _rows, ...options } = request;
  return options;
}

/** core's TrainOptions for a checked request; training inside a worker uses one thread. */
export function trainOptions(request: JobRequest): TrainOptions {
  const optimizerName = request.optimizer ?? FIT_DEFAULTS.optimizer;
  const optimizer = { name: optimizerName, learningRate: request.learningRate, momentum: request.momentum, nesterov: request.nesterov, beta1: request.beta1, beta2: request.beta2 };
  const earlyStopping = request.patience !== undefined ? { patience: request.patience } : request.earlyStopping;
  const options: TrainOptions = {
    task: request.task,
    hidden: request.hidden,
    activation: request.activation,
    outputActivation: request.outputActivation,
    loss: request.loss,
    optimizer: withoutUndefined(optimizer) as OptimizerSpec,
    batchSize: request.batchSize,
    epochs: request.epochs,
    l2: request.l2,
    schedule: request.schedule,
    dropout: request.dropout,
    l1: request.l1,
    classWeights: request.classWeights,
    validationSplit: request.validationSplit,
    earlyStopping,
    targetLoss: request.targetLoss,
    stopAtBitFail: request.bitFail === undefined ? undefined : withoutUndefined({ count: request.bitFail, limit: request.bitFailLimit }),
    shuffle: request.shuffle,
    seed: request.seed,
    dtype: request.dtype,
    scaling: request.scaling,
    targetScaling: request.targetScaling,
    init: request.init,
    missing: request.missing,
    threads: 1,
  };
  return withoutUndefined(options) as TrainOptions;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
