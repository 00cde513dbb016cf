// XOR, the classic: a 2-3-1 sigmoid network trained online (one update per sample) by
// back-propagation with SGD and momentum. Run: node examples/xor.mjs
import { fit, Network } from '@bpnn/core';

const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
const targets = [[0], [1], [1], [0]];

const network = new Network({ layers: [2, 3, 1], activation: 'sigmoid', loss: 'mse', seed: 1 });
const result = fit(network, inputs, targets, {
  epochs: 5000,
  batchSize: 1,
  optimizer: { name: 'sgd', learningRate: 0.5, momentum: 0.9 },
});

console.log(`trained ${result.epochs} epochs, loss ${result.loss.toFixed(6)}`);
const outputs = network.predict(inputs).toRows();
inputs.forEach(([a, b], i) => console.log(`${a} xor ${b} -> ${outputs[i][0].toFixed(4)}`));
