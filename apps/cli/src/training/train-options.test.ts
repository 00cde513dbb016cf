/**
 * `bpnn train`'s flags resolve to core's defaults: the options a plain command line gives
 * Model.train train the same weights, bit for bit, as Model.train with no options at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTO_RULES, autoDefaults, FIT_DEFAULTS, Model, OPTIMIZER_DEFAULTS, VALIDATION_SPLIT_WITH_EARLY_STOPPING, type Dataset } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA } from '../../test/run.js';
import { trainCommand } from '../commands/train.js';
import type { Io } from '../io.js';
import { optimizerSpec, trainOptions, type TrainFlags } from './train-options.js';

const silent: Io = { out: () => {}, write: () => {}, warn: () => {}, isTTY: false, columns: 80, status: 0 };

/** The flags commander hands to `bpnn train` for these arguments (the command itself is not run). */
async function flagsOf(args: string[]): Promise<TrainFlags> {
  const command = trainCommand(silent).exitOverride();
  let flags: TrainFlags | undefined;
  command.action((_file: string, parsed: TrainFlags) => {
    flags = parsed;
  });
  await command.parseAsync(['iris.csv', ...args], { from: 'user' });
  return flags!;
}

/** Model.train with the options the CLI would pass for these arguments. */
async function cliTrain(data: Dataset, args: string[], task: 'classification' | 'regression' = 'classification') {
  const flags = await flagsOf(['--target', data.targetNames[0], ...args]);
  return Model.train(data, trainOptions(flags, task, optimizerSpec(flags), data.targets.length));
}

let iris: Dataset;
let diabetes: Dataset;
beforeAll(async () => {
  iris = await readCsvDataset(readFileSync(join(DATA, 'iris.csv'), 'utf8'), { target: 'species' });
  diabetes = await readCsvDataset(readFileSync(join(DATA, 'diabetes.csv'), 'utf8'), { target: 'progression' });
});

describe('bpnn train and core share their defaults', () => {
  it('a plain command line trains the model Model.train trains with no options', async () => {
    const cli = await cliTrain(iris, []);
    const library = Model.train(iris);
    expect(cli.result.epochs).toBe(library.result.epochs);
    expect(cli.result.history[0].valLoss).toBeUndefined(); // no hold-out without --patience
    expect(cli.model.network.params).toEqual(library.model.network.params);
    // Both chose core's automatic defaults for iris's shape, and say so in the training record.
    const auto = autoDefaults({ rows: 150, inputs: 4, outputs: 3, task: 'classification' });
    expect(cli.model.training?.options.auto).toEqual(library.model.training?.options.auto);
    expect(cli.model.training?.options.auto).toMatchObject({ hidden: auto.hidden, dtype: auto.dtype, batchSize: auto.batchSize, l2: auto.l2 });
  });

  it('a plain command line on a regression (diabetes) trains what Model.train trains, with the regression’s L2', async () => {
    const cli = await cliTrain(diabetes, ['--epochs', '20'], 'regression');
    const library = Model.train(diabetes, { epochs: 20 });
    expect(cli.model.network.params).toEqual(library.model.network.params);
    const auto = autoDefaults({ rows: 442, inputs: 10, outputs: 1, task: 'regression' });
    expect(auto.l2).toBeGreaterThan(0);
    expect(cli.model.training?.options.auto).toEqual(library.model.training?.options.auto);
    expect(cli.model.training?.options.auto).toMatchObject({ l2: auto.l2, batchSize: auto.batchSize });
  });

  it('--patience holds out core’s default share; --validation-split 0 holds out none', async () => {
    const cli = await cliTrain(iris, ['--epochs', '30', '--patience', '5']);
    const library = Model.train(iris, { epochs: 30, earlyStopping: { patience: 5 }, validationSplit: VALIDATION_SPLIT_WITH_EARLY_STOPPING });
    expect(cli.result.history.map((h) => h.valLoss)).toEqual(library.result.history.map((h) => h.valLoss));
    expect(cli.model.network.params).toEqual(library.model.network.params);
    const none = await cliTrain(iris, ['--epochs', '3', '--patience', '5', '--validation-split', '0']);
    expect(none.result.history[0].valLoss).toBeUndefined();
  });

  it('--schedule and --dropout train what Model.train trains with schedule and dropout', async () => {
    const cli = await cliTrain(iris, ['--epochs', '4', '--optimizer', 'sgd', '--learning-rate', '0.1', '--schedule', 'step:every=2,factor=0.5', '--dropout', '0.3']);
    const library = Model.train(iris, { epochs: 4, optimizer: { name: 'sgd', learningRate: 0.1 }, schedule: { name: 'step', every: 2, factor: 0.5 }, dropout: 0.3 });
    expect(cli.model.network.params).toEqual(library.model.network.params);
    expect(cli.model.training?.options).toMatchObject({ schedule: { name: 'step', every: 2, factor: 0.5 }, dropout: 0.3 });
    expect((await flagsOf(['--dropout', '0.2,0.1', '--schedule', 'cosine'])).dropout).toEqual([0.2, 0.1]);
    await expect(flagsOf(['--schedule', 'step:every'])).rejects.toThrow('--schedule settings must be key=number pairs separated by commas, as in step:every=10,factor=0.5, got "step:every"');
    await expect(flagsOf(['--schedule', 'linear'])).rejects.toThrow(/--schedule must be one of step, exponential, cosine, reduce-on-plateau/);
    await expect(flagsOf(['--dropout', '1'])).rejects.toThrow('--dropout must be a number ≥ 0 and < 1, got "1"');
  });

  it('--optimizer quickprop and lbfgs train full batch what Model.train trains; other optimisers\' flags are refused', async () => {
    for (const name of ['quickprop', 'lbfgs'] as const) {
      const cli = await cliTrain(iris, ['--epochs', '3', '--hidden', '4', '--optimizer', name, '--learning-rate', '0.5', '--batch-size', 'full']);
      const library = Model.train(iris, { epochs: 3, hidden: [4], optimizer: { name, learningRate: 0.5 } });
      expect(cli.model.network.params).toEqual(library.model.network.params);
    }
    const momentum = await flagsOf(['--optimizer', 'quickprop', '--momentum', '0.9']);
    expect(() => optimizerSpec(momentum)).toThrow('--momentum does not apply to --optimizer quickprop');
    const batches = await flagsOf(['--optimizer', 'lbfgs', '--batch-size', '8']);
    expect(() => optimizerSpec(batches)).toThrow(
      "--batch-size must be full for --optimizer lbfgs, which steps on the whole set's gradient; got 8",
    );
  });

  it('--no-early-stopping trains every epoch, as earlyStopping: false does', async () => {
    const cli = await cliTrain(iris, ['--epochs', '40', '--no-early-stopping']);
    const library = Model.train(iris, { epochs: 40, earlyStopping: false });
    expect(cli.result.epochs).toBe(40);
    expect(cli.model.network.params).toEqual(library.model.network.params);
    expect(cli.model.training?.options.auto).not.toHaveProperty('earlyStopping');
  });

  it('--help quotes the defaults it resolves to', async () => {
    const help = trainCommand(silent).helpInformation().replace(/\s+/g, ' '); // unwrapped
    expect(help).toContain(`--epochs <n> passes over the training set at most (default: ${AUTO_RULES.epochs})`);
    expect(help).toContain(`--hidden <sizes> hidden layer sizes, comma-separated, or none (default: ${AUTO_RULES.narrowHidden} below ${AUTO_RULES.wideFromRows} rows, else ${AUTO_RULES.hidden};`);
    expect(help).toContain(`(default: 0, none; ${VALIDATION_SPLIT_WITH_EARLY_STOPPING} with --patience)`);
    expect(help).toContain(`(default: adam ${AUTO_RULES.learningRate}·√(batch size / ${AUTO_RULES.learningRateBatch}), at least ${AUTO_RULES.learningRate}; sgd ${OPTIMIZER_DEFAULTS.sgd.learningRate}; quickprop ${OPTIMIZER_DEFAULTS.quickprop.learningRate}; lbfgs ${OPTIMIZER_DEFAULTS.lbfgs.learningRate})`);
  });
});

describe('--bit-fail', () => {
  it("stops where core's stopAtBitFail stops, with the limit given", async () => {
    const flags = await flagsOf(['--target', 'species', '--hidden', '8', '--epochs', '600', '--bit-fail', '20', '--bit-fail-limit', '0.3']);
    expect(trainOptions(flags, 'classification', optimizerSpec(flags), 150).stopAtBitFail).toEqual({ count: 20, limit: 0.3 });
    const cli = await cliTrain(iris, ['--hidden', '8', '--epochs', '600', '--bit-fail', '20', '--bit-fail-limit', '0.3']);
    const library = Model.train(iris, { hidden: [8], epochs: 600, stopAtBitFail: { count: 20, limit: 0.3 } });
    expect(cli.result.stoppedBy).toBe('bit-fail');
    expect(cli.result.epochs).toBe(library.result.epochs);
    expect(cli.result.epochs).toBeLessThan(600);
  });
});

describe('--class-weights', () => {
  it('balanced, or label=weight pairs, train what Model.train trains with those classWeights', async () => {
    const flags = await flagsOf(['--target', 'species', '--class-weights', 'setosa=2,virginica=0.5']);
    expect(flags.classWeights).toEqual({ setosa: 2, virginica: 0.5 });
    const cli = await cliTrain(iris, ['--hidden', '4', '--epochs', '3', '--class-weights', 'balanced']);
    const library = Model.train(iris, { hidden: [4], epochs: 3, classWeights: 'balanced' });
    expect(cli.model.network.params).toEqual(library.model.network.params);
    const weighted = await cliTrain(iris, ['--hidden', '4', '--epochs', '3', '--class-weights', 'setosa=2,virginica=0.5']);
    expect(weighted.model.network.params).toEqual(Model.train(iris, { hidden: [4], epochs: 3, classWeights: { setosa: 2, virginica: 0.5 } }).model.network.params);
    expect(weighted.model.network.params).not.toEqual(library.model.network.params);
    await expect(flagsOf(['--target', 'species', '--class-weights', 'setosa=-1'])).rejects.toThrow(/--class-weights must be balanced, none, or label=weight pairs/);
  });
});

describe('--l1', () => {
  it('trains what Model.train trains with that l1', async () => {
    const cli = await cliTrain(iris, ['--hidden', '4', '--epochs', '3', '--l1', '0.01']);
    const library = Model.train(iris, { hidden: [4], epochs: 3, l1: 0.01 });
    expect(cli.model.network.params).toEqual(library.model.network.params);
    expect(cli.model.network.params).not.toEqual(Model.train(iris, { hidden: [4], epochs: 3 }).model.network.params);
    // Left out, --l1 is left to core, whose default is FIT_DEFAULTS.l1.
    expect((await flagsOf(['--target', 'species'])).l1).toBeUndefined();
    expect(Model.train(iris, { hidden: [4], epochs: 3, l1: FIT_DEFAULTS.l1 }).model.network.params).toEqual(Model.train(iris, { hidden: [4], epochs: 3 }).model.network.params);
  });
});
