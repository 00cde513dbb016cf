// Classification: the bundled iris data set (150 flowers, 4 measurements, 3 species), read with
// @bpnn/serialize's CSV reader, split into training and test rows (stratified by species), and a
// Model trained on it: the model scales its inputs and one-hot encodes the species itself.
// Run: node examples/iris.mjs
import { readFile } from 'node:fs/promises';
import { Model, trainTestSplit } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';

const csv = await readFile(new URL('../data/iris.csv', import.meta.url));
const data = await readCsvDataset(csv, { target: 'species', source: 'iris.csv' });
const { train, test } = trainTestSplit(data, { testFraction: 0.2, seed: 42 });

const { model, result } = Model.train(train, { hidden: [16], epochs: 300, validationSplit: 0.1, earlyStopping: { patience: 30 }, seed: 42 });
console.log(`network ${model.network.layers.join('-')}, ${result.epochs} epochs, loss ${result.loss.toFixed(4)}`);

const evaluation = model.evaluate(test);
if (evaluation.task === 'classification') {
  const rows = test.targets.length;
  console.log(`test accuracy: ${evaluation.accuracy.toFixed(4)} (${Math.round(evaluation.accuracy * rows)} of ${rows} held-out rows)`);
}

const prediction = model.predict([[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]);
if (prediction.task === 'classification') {
  console.log(`[5.1, 3.5, 1.4, 0.2] -> ${prediction.labels[0]}; [6.7, 3.0, 5.2, 2.3] -> ${prediction.labels[1]}`);
}
