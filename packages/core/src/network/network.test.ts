import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ShapeError } from '../errors.js';
import { Network, type NetworkConfig } from './network.js';
import { parameterCount } from './network-config.js';
import { optimizer } from '../optimizers/optimizer.js';
import { Matrix } from '../data/matrix.js';
import { fit } from '../training/train.js';

/**
 * Matt Mazur, "A Step by Step Backpropagation Example" (2015): a 2-2-2 all-sigmoid network with
 * squared error ½Σ(target − out)², worked by hand. Inputs (0.05, 0.10), targets (0.01, 0.99).
 * His w1…w4 connect i1,i2 → h1,h2 and w5…w8 connect h1,h2 → o1,o2; W[l][i][j] is row i, column j.
 */
function mazur(dtype: 'float32' | 'float64' = 'float64'): Network {
  const network = new Network({ layers: [2, 2, 2], activation: 'sigmoid', loss: 'mse', dtype });
  network.params.set([
    0.15, 0.25, 0.2, 0.3, // W[0]: w1 (i1→h1), w3 (i1→h2); w2 (i2→h1), w4 (i2→h2)
    0.35, 0.35, // b[0]
    0.4, 0.5, 0.45, 0.55, // W[1]: w5 (h1→o1), w7 (h1→o2); w6 (h2→o1), w8 (h2→o2)
    0.6, 0.6, // b[1]
  ]);
  return network;
}

describe('Network', () => {
  it('reproduces the hand-worked forward pass and total error', () => {
    const network = mazur();
    const out = network.predictOne([0.05, 0.1]);
    expect(out[0]).toBeCloseTo(0.75136507, 8);
    expect(out[1]).toBeCloseTo(0.772928465, 8);
    expect(network.explain([0.05, 0.1], [0.01, 0.99]).cost).toBeCloseTo(0.298371109, 8);
  });

  it('reproduces the hand-worked residuals and one SGD step (η = 0.5)', () => {
    const network = mazur();
    const explained = network.explain([0.05, 0.1], [0.01, 0.99]);
    // δ_o1 = −(target − out)·out(1 − out) = 0.74136507 × 0.186815602
    expect(explained.residuals[1][0]).toBeCloseTo(0.138498562, 8);
    expect(explained.dWeights[1].get(0, 0)).toBeCloseTo(0.082167041, 8); // ∂E/∂w5
    network.backward(Float64Array.of(0.01, 0.99), 1);
    optimizer({ name: 'sgd', learningRate: 0.5 }).step(network.params, network.grads);
    const [w0, , w1] = network.parameters();
    expect(Array.from(w1.value)).toEqual([0.35891648, 0.51130127, 0.408666186, 0.561370121].map((v) => expect.closeTo(v, 8)));
    expect(Array.from(w0.value)).toEqual([0.149780716, 0.24975114, 0.19956143, 0.29950229].map((v) => expect.closeTo(v, 8)));
  });

  it('computes the same in float32 to float32 precision', () => {
    const out = mazur('float32').predictOne([0.05, 0.1]);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out[0]).toBeCloseTo(0.75136507, 6);
  });

  it('keeps every tensor in one buffer, named as in the model file', () => {
    const network = new Network({ layers: [3, 4, 2] });
    expect(network.parameterCount).toBe(3 * 4 + 4 + 4 * 2 + 2);
    expect(network.parameters().map((p) => [p.name, p.shape, p.offset])).toEqual([
      ['layers.0.weight', [3, 4], 0],
      ['layers.0.bias', [4], 12],
      ['layers.1.weight', [4, 2], 16],
      ['layers.1.bias', [2], 24],
    ]);
    const [w0] = network.parameters();
    w0.value[5] = 123;
    expect(network.params[5]).toBe(123); // a view, not a copy
  });

  it('batched predictions equal one-by-one predictions', () => {
    const network = new Network({ layers: [3, 5, 4, 2], activation: 'tanh', seed: 9 });
    const rows = [
      [0.1, -0.3, 2],
      [1, 1, 1],
      [-2, 0.5, 0],
    ];
    const batch = network.predict(rows);
    rows.forEach((row, r) => expect(Array.from(batch.row(r))).toEqual(Array.from(network.predictOne(row))));
  });

  it('draws bit-identical weights for the same seed, different ones for another', () => {
    const a = new Network({ layers: [4, 8, 3], seed: 5 });
    const b = new Network({ layers: [4, 8, 3], seed: 5 });
    const c = new Network({ layers: [4, 8, 3], seed: 6 });
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(Array.from(a.params)).not.toEqual(Array.from(c.params));
  });

  it('initialises with the spread each scheme promises', () => {
    const std = (network: Network) => {
      const w = network.parameters()[0].value;
      return Math.sqrt(Array.from(w).reduce((s, v) => s + v * v, 0) / w.length);
    };
    // He normal: std √(2/fanIn); Glorot uniform: limit √(6/(in+out)), so std = limit/√3.
    expect(std(new Network({ layers: [400, 300, 1], activation: 'relu' }))).toBeCloseTo(Math.sqrt(2 / 400), 3);
    expect(std(new Network({ layers: [400, 300, 1], activation: 'tanh' }))).toBeCloseTo(Math.sqrt(6 / 700) / Math.sqrt(3), 3);
    expect(std(new Network({ layers: [400, 300, 1], init: 'glorot-normal' }))).toBeCloseTo(Math.sqrt(2 / 700), 3);
  });

  it('chooses the output activation from the loss unless told', () => {
    const names = (n: Network) => n.activations.map((a) => a.name);
    expect(names(new Network({ layers: [2, 3, 3], activation: 'relu', loss: 'categorical-cross-entropy' }))).toEqual(['relu', 'softmax']);
    expect(names(new Network({ layers: [2, 3, 1], activation: 'tanh', loss: 'binary-cross-entropy' }))).toEqual(['tanh', 'sigmoid']);
    expect(names(new Network({ layers: [2, 3, 1], activation: 'sigmoid' }))).toEqual(['sigmoid', 'sigmoid']);
    expect(names(new Network({ layers: [2, 3, 4, 1], activation: ['elu', { name: 'leaky-relu', alpha: 0.2 }, 'linear'] }))).toEqual(['elu', 'leaky-relu', 'linear']);
  });

  it('a float32 network refuses a finite input beyond float32\'s range in predict and fit, naming its row and column', () => {
    const net = new Network({ layers: [2, 3, 1], dtype: 'float32', activation: 'linear', outputActivation: 'linear', seed: 1 });
    const message = "inputs row 1 column 1: 1e+39 is beyond float32's range (±3.4e38), which this float32 network takes";
    expect(() => net.predict([[0, 1], [0, 1e39]])).toThrow(new DataError(message));
    expect(() => net.predict(Matrix.fromRows([[0, 1], [0, 1e39]]))).toThrow(new DataError(message));
    expect(() => fit(net, [[0, 1], [0, 1e39]], [[1], [2]], { epochs: 1 })).toThrow(new DataError(message));
    expect(net.predict([[0, 3.4e38]]).rows).toBe(1); // in range: taken (the output may overflow, which is the model's)
    expect(new Network({ layers: [2, 1], dtype: 'float64' }).predict([[0, 1e39]]).rows).toBe(1);
  });

  it('names a missing or wrong argument of predictOne, explain, reserve and fromParameters', () => {
    const net = new Network({ layers: [2, 3, 1], seed: 1 });
    expect(() => net.predictOne(null as never)).toThrow(new DataError('input must be an array of 2 numbers, got null'));
    // a DataView has no length: it was "input has undefined values"
    expect(() => net.predictOne(new DataView(new ArrayBuffer(16)) as never)).toThrow(new DataError('input must be an array of 2 numbers, got a DataView'));
    expect(() => net.predictOne({} as never)).toThrow(new DataError('input must be an array of 2 numbers, got {}'));
    expect(() => net.explain([1, 2], undefined as never)).toThrow(new DataError('target must be an array of 1 numbers, got nothing'));
    expect(() => net.explain(null as never, [1])).toThrow(new DataError('input must be an array of 2 numbers, got null'));
    expect(() => net.reserve(1e12)).toThrow(/^batchSize 1000000000000 rows of this network's layers need buffers of 3,000,000,000,000 values, more than 2,147,483,647: predict in smaller batches$/);
    expect(() => net.reserve(1.5)).toThrow('batchSize must be a whole number ≥ 1, got 1.5');
    expect(net.predictOne([1, 2]).length).toBe(1); // the network still works
    expect(() => Network.fromParameters(null as never, [])).toThrow(/^config must be a network's configuration/);
    expect(() => Network.fromParameters({ layers: [1, 1], activations: ['linear'], loss: 'mse', dtype: 'float64' }, null as never)).toThrow(/^params must be an array/);
  });

  it('refuses invalid configurations, naming the field and value', () => {
    expect(() => new Network({ layers: [2, 0, 1] })).toThrow(ConfigError);
    expect(() => new Network({ layers: [2, 0, 1] })).toThrow('layers[1] must be a whole number ≥ 1, got 0');
    // a sparse array: forEach and map skip its hole
    expect(() => new Network({ layers: [2, , 1] as number[] })).toThrow(new ConfigError('layers[1]', 'must be a whole number ≥ 1, got nothing (a hole in the array)'));
    // 4·100000 + 100000 + 100000·100000 + 100000 + 100000·3 + 3 weights and biases: refused before any is allocated
    expect(() => new Network({ layers: [4, 100000, 100000, 3] })).toThrow(new ConfigError('layers', '[4, 100000, 100000, 3] have 10,000,900,003 weights and biases; a network holds at most 2,147,483,647 (2^31 − 1)'));
    expect(parameterCount([4, 100000, 100000, 3])).toBe(4 * 100000 + 100000 + 100000 * 100000 + 100000 + 100000 * 3 + 3);
    expect(() => new Network({ layers: [2] })).toThrow(/layers must list at least 2 layer sizes/);
    expect(() => new Network({ layers: [2, 3, 2], activation: ['softmax', 'softmax'], loss: 'categorical-cross-entropy' })).toThrow(
      /activation of layer 1 is softmax, which only the output layer may use/,
    );
    expect(() => new Network({ layers: [2, 3, 1], outputActivation: 'softmax', loss: 'categorical-cross-entropy' })).toThrow(/softmax needs at least 2 outputs/);
    expect(() => new Network({ layers: [2, 3, 2], outputActivation: 'relu', loss: 'categorical-cross-entropy' })).toThrow(/categorical-cross-entropy needs/);
    expect(() => new Network({ layers: [2, 3, 2], dtype: 'float16' as never })).toThrow('dtype must be float32 or float64, got "float16"');
    expect(() => new Network({ layers: [2, 3, 2], activation: ['relu'] })).toThrow(/lists 1 activations, the layers need 2/);
  });

  it('refuses inputs of the wrong width or with NaN, naming row and column', () => {
    const network = new Network({ layers: [3, 2, 1] });
    expect(() => network.predict([[1, 2]])).toThrow(ShapeError);
    expect(() => network.predict([[1, 2]])).toThrow('inputs have shape (1, 2), the network takes (rows, 3)');
    expect(() => network.predict([[1, 2, 3], [1, NaN, 3]])).toThrow(DataError);
    expect(() => network.predict([[1, 2, 3], [1, NaN, 3]])).toThrow('inputs row 1 column 1 must be a finite number, got NaN');
    expect(() => network.predict([[1, 2, 3], [1, 2]])).toThrow('inputs row 1 has 2 values, expected 3 like row 0');
    expect(() => network.predictOne([1, 2])).toThrow('input has 2 values, the network takes 3');
  });

  it('round-trips through its config and parameters, and clones into another dtype', () => {
    const network = new Network({ layers: [3, 4, 2], activation: { name: 'elu', alpha: 0.5 }, loss: 'categorical-cross-entropy', seed: 1 });
    const copy = Network.fromParameters(network.config(), network.params);
    expect(copy.config()).toEqual({ layers: [3, 4, 2], activations: [{ name: 'elu', alpha: 0.5 }, 'softmax'], loss: 'categorical-cross-entropy', dtype: 'float64' });
    expect(Array.from(copy.predictOne([1, 2, 3]))).toEqual(Array.from(network.predictOne([1, 2, 3])));
    const single = network.clone('float32');
    expect(single.params).toBeInstanceOf(Float32Array);
    expect(single.predictOne([1, 2, 3])[0]).toBeCloseTo(network.predictOne([1, 2, 3])[0], 5);
    expect(() => Network.fromParameters(network.config(), [1, 2])).toThrow(/need 26 parameters, got 2/);
  });

  it('fromParameters refuses a key its config does not have (the constructor\'s `activation` gave a network of the default activations)', () => {
    const params = new Network({ layers: [2, 3, 1], activation: 'tanh', seed: 1 }).params;
    const misspelt = { layers: [2, 3, 1], activation: ['tanh', 'linear'], loss: 'mse', dtype: 'float64' };
    expect(() => Network.fromParameters(misspelt as never, params)).toThrow(new ConfigError('config.activation', 'is not an option of Network.fromParameters: did you mean activations?'));
    // Every key of NetworkConfig, and only those, as config() gives them.
    const rebuilt = Network.fromParameters({ layers: [2, 3, 1], activations: ['tanh', 'linear'], loss: 'mse', dtype: 'float64' }, params);
    expect(rebuilt.config()).toEqual({ layers: [2, 3, 1], activations: ['tanh', 'linear'], loss: 'mse', dtype: 'float64' });
  });

  it('fromParameters refuses a value its dtype cannot hold, naming the tensor and element (float32 held 1e39 as Infinity, and predicted NaN)', () => {
    const config: NetworkConfig = { layers: [2, 3, 1], activations: ['tanh', 'linear'], loss: 'mse', dtype: 'float32' };
    const params = Array.from({ length: 13 }, (_, k) => k / 13);
    expect(Network.fromParameters(config, params).predictOne([0, 1])[0]).toBeCloseTo(Network.fromParameters({ ...config, dtype: 'float64' }, params).predictOne([0, 1])[0], 6);
    params[4] = 1e39; // layers.0.weight (2, 3): element [1][1]
    expect(() => Network.fromParameters(config, params)).toThrow(
      new DataError("parameters: layers.0.weight[1][1] must be a finite number, got 1e+39 (beyond float32's range (±3.4e38), which this float32 network holds)"),
    );
    expect(Network.fromParameters({ ...config, dtype: 'float64' }, params).params[4]).toBe(1e39);
    params[4] = 0;
    params[12] = NaN; // layers.1.bias [1]
    expect(() => Network.fromParameters(config, params)).toThrow(new DataError('parameters: layers.1.bias[0] must be a finite number, got NaN'));
    // so is a float64 network's weight beyond float32's range cloned into float32
    const wide = Network.fromParameters({ ...config, dtype: 'float64' }, Array.from({ length: 13 }, (_, k) => (k === 0 ? -1e300 : 0)));
    expect(() => wide.clone('float32')).toThrow(/layers\.0\.weight\[0\]\[0\] must be a finite number, got -1e\+300 \(beyond float32's range/);
  });
});
