/**
 * `bpnn demo`: the whole job on the bundled iris data: read the CSV, hold out a test set, train a
 * network with the default options, report test accuracy and the confusion matrix, and save the
 * model (to --out, or a file in the system's temporary folder) so the other commands can use it.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model, trainTestSplit } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import irisCsv from '../../../../data/iris.csv';
import { modelBytes, writeFileAtomic } from '../files.js';
import { checkOutputs } from '../output-paths.js';
import { classScoresTable, confusionTable } from '../output/report.js';
import { fixed } from '../output/table.js';

export interface DemoOptions {
  seed: number;
  epochs: number;
  json: boolean;
  out?: string;
}

/** Where the demo saves its model when --out is not given. */
export function demoModelPath(): string {
  return join(tmpdir(), 'bpnn-demo-iris.bpnn');
}

export async function demo(options: DemoOptions, out: (line: string) => void): Promise<void> {
  if (options.out !== undefined) checkOutputs([], [{ name: '--out', path: options.out, model: true }]);
  const data = await readCsvDataset(irisCsv, { target: 'species', source: 'iris.csv' });
  const { train: trainSet, test: testSet } = trainTestSplit(data, { testFraction: 0.2, seed: options.seed });
  if (!options.json) {
    out(`bpnn demo: iris (R. A. Fisher, 1936; UCI, CC BY 4.0), ${data.targets.length} flowers, ${data.inputNames.length} features, 3 species`);
    out(`training on ${trainSet.targets.length} rows, testing on ${testSet.targets.length} held-out rows (stratified, seed ${options.seed})`);
  }
  const every = Math.max(1, Math.round(options.epochs / 10));
  const { model, result } = Model.train(trainSet, {
    epochs: options.epochs,
    seed: options.seed,
    onEpoch: (info) => {
      if (!options.json && (info.epoch % every === 0 || info.epoch === 1)) {
        out(`  epoch ${String(info.epoch).padStart(4)}/${info.epochs}  loss ${fixed(info.loss)}  (${info.seconds.toFixed(2)} s)`);
      }
    },
  });
  const evaluation = model.evaluate(testSet);
  if (evaluation.task !== 'classification') throw new Error('iris is a classification data set');
  const layers = model.network.layers.join('-');
  const saved = options.out ?? demoModelPath();
  writeFileAtomic(saved, modelBytes(model, saved));
  if (options.json) {
    out(JSON.stringify({ layers: model.network.layers, epochs: result.epochs, loss: result.loss, testAccuracy: evaluation.accuracy, confusion: evaluation.confusion, saved }));
    return;
  }
  out(`network ${layers} (${model.network.activations.map((a) => a.name).join(', ')}; ${model.network.loss.name}), ${model.network.parameterCount} parameters, ${result.epochs} epochs in ${result.seconds.toFixed(2)} s`);
  out(`test accuracy: ${fixed(evaluation.accuracy)} (${Math.round(evaluation.accuracy * testSet.targets.length)} of ${testSet.targets.length})`);
  out('confusion matrix (rows: actual species, columns: predicted):');
  out(confusionTable(evaluation));
  out('per class:');
  out(classScoresTable(evaluation));
  out(`saved the model to ${saved}; try: bpnn inspect ${saved}`);
}
