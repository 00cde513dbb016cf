/**
 * `bpnn train`'s flags resolve to core's defaults: the options a plain command line gives
 * Model.train train the same weights, bit for bit, as Model.train with no options at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIT_DEFAULTS, Model, OPTIMIZER_DEFAULTS, VALIDATION_SPLIT_WITH_EARLY_STOPPING, type Dataset } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA } from '../test/run.js';
import { trainCommand } from './commands/train.js';
import type { Io } from './io.js';
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
async function cliTrain(data: Dataset, args: string[]) {
  const flags = await flagsOf(['--target', 'species', ...args]);
  return Model.train(data, trainOptions(flags, 'classification', optimizerSpec(flags), data.targets.length));
}

let iris: Dataset;
beforeAll(async () => {
  iris = await readCsvDataset(readFileSync(join(DATA, 'iris.csv'), 'utf8'), { target: 'species' });
});

describe('bpnn train and core share their defaults', () => {
  it('a plain command line trains the model Model.train trains with no options', async () => {
    const cli = await cliTrain(iris, []);
    const library = Model.train(iris);
    expect(cli.result.epochs).toBe(library.result.epochs);
    expect(cli.result.history[0].valLoss).toBeUndefined(); // no hold-out without --patience
    expect(cli.model.network.params).toEqual(library.model.network.params);
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

  it('--help quotes the defaults it resolves to', async () => {
    const help = trainCommand(silent).helpInformation().replace(/\s+/g, ' '); // unwrapped
    expect(help).toContain(`--epochs <n> passes over the training set (default: ${FIT_DEFAULTS.epochs})`);
    expect(help).toContain(`(default: 0, none; ${VALIDATION_SPLIT_WITH_EARLY_STOPPING} with --patience)`);
    expect(help).toContain(
      `(default: ${OPTIMIZER_DEFAULTS.adam.learningRate} adam, ${OPTIMIZER_DEFAULTS.sgd.learningRate} sgd, ${OPTIMIZER_DEFAULTS.quickprop.learningRate} quickprop, ${OPTIMIZER_DEFAULTS.lbfgs.learningRate} lbfgs)`,
    );
  });
});
