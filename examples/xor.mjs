// XOR, the classic back-propagation example: a 2-3-1 sigmoid network trained online with SGD and
// momentum, then its predictions for the four inputs. Run with `node examples/xor.mjs` after
// `npm i @bpnn/core`; it exits with 1 if the network did not learn XOR.
import { Network } from '@bpnn/core';

const network = new Network({ layers: [2, 3, 1], activation: 'sigmoid', loss: 'mse', seed: 1 });
const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const targets = [[0], [1], [1], [0]];
const result = network.fit(inputs, targets, {
  epochs: 5000,
  batchSize: 1, // online: one update per sample
  optimizer: { name: 'sgd', learningRate: 0.5, momentum: 0.9 },
});

const predictions = network.predict(inputs).toRows().map(([y]) => y);
console.log(`loss after ${result.epochs} epochs: ${result.loss.toFixed(5)}`);
for (const [i, [a, b]] of inputs.entries()) {
  console.log(`${a} xor ${b} = ${targets[i][0]}   predicted ${predictions[i].toFixed(3)}`);
}
const learned = predictions.every((y, i) => Math.round(y) === targets[i][0]);
if (!learned) {
  console.error('the network did not learn XOR');
  process.exitCode = 1;
}
