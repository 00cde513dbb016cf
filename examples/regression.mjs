// Regression: the bundled diabetes data set (442 patients, 10 measurements, disease progression a
// year later). The Model scales inputs and targets for training and scales its outputs back, so
// predictions and scores are in the target's own units. Run: node examples/regression.mjs
import { readFile } from 'node:fs/promises';
import { Model, selectRows, trainTestSplit } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';

const csv = await readFile(new URL('../data/diabetes.csv', import.meta.url));
const data = await readCsvDataset(csv, { target: 'progression', source: 'diabetes.csv' });
const { train, test } = trainTestSplit(data, { testFraction: 0.2, seed: 42 });

const { model, result } = Model.train(train, {
  task: 'regression',
  hidden: [32],
  epochs: 200,
  optimizer: { name: 'adam', learningRate: 0.01 },
  validationSplit: 0.2,
  earlyStopping: { patience: 20 },
  seed: 42,
});
console.log(`network ${model.network.layers.join('-')}, stopped at epoch ${result.epochs} (${result.stoppedBy}), best epoch ${result.bestEpoch}`);

const evaluation = model.evaluate(test);
if (evaluation.task === 'regression') {
  console.log(`on ${test.targets.length} held-out rows: rmse ${Math.sqrt(evaluation.mse).toFixed(2)}, mae ${evaluation.mae.toFixed(2)}, r2 ${evaluation.r2.toFixed(4)}`);
}

const firstRows = selectRows(test, [0, 1, 2]);
const prediction = model.predict(firstRows.inputs);
if (prediction.task === 'regression') {
  firstRows.targets.forEach(([actual], r) => console.log(`test row ${r}: predicted ${prediction.values.get(r, 0).toFixed(1)}, actual ${actual}`));
}
