import { describe, expect, it } from 'vitest';
import { fit } from './train.js';
import { Dropout } from './dropout.js';
import { Network } from '../network/network.js';
import { Random } from '../random.js';

const inputs = Array.from({ length: 12 }, (_, r) => [Math.sin(r), Math.cos(3 * r), (r % 4) / 3]); // (12, 3)
const targets = inputs.map(([a, b]) => [a * b > 0 ? 1 : 0, a + b > 0 ? 1 : 0]); // (12, 2)

describe('dropout', () => {
  it('back-propagates through a fixed mask: gradients match central finite differences', () => {
    const network = new Network({ layers: [3, 6, 5, 2], activation: 'tanh', outputActivation: 'sigmoid', loss: 'binary-cross-entropy', seed: 3 });
    const dropout = new Dropout(network, [0.5, 0.3], 4);
    dropout.draw(4, new Random(9));
    const x = Float64Array.from(inputs.slice(0, 4).flat()); // (4, 3)
    const y = Float64Array.from(targets.slice(0, 4).flat()); // (4, 2)
    const cost = () => {
      network.forward(x, 4, dropout);
      return network.cost(y, 4, 0.01);
    };
    cost();
    network.backward(y, 4, 0.01, null, 0, dropout);
    const analytic = Float64Array.from(network.grads);
    network.forward(x, 4);
    network.backward(y, 4, 0.01);
    expect(Array.from(network.grads)).not.toEqual(Array.from(analytic)); // the mask matters
    const h = 1e-6;
    let worst = 0;
    for (let k = 0; k < network.params.length; k++) {
      const saved = network.params[k];
      network.params[k] = saved + h;
      const up = cost();
      network.params[k] = saved - h;
      const down = cost();
      network.params[k] = saved;
      const numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - analytic[k]) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[k])));
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('drops the share p of the neurons and scales the others by 1/(1 − p)', () => {
    const network = new Network({ layers: [2, 1000, 40, 1] });
    const dropout = new Dropout(network, [0.3, 0], 50);
    dropout.draw(50, new Random(1));
    const ones = new Float64Array(50 * 1000).fill(1);
    const kept = dropout.forward(1, ones, ones.length);
    const dropped = kept.filter((v) => v === 0).length / kept.length;
    // 50,000 Bernoulli(0.3) draws: standard deviation √(0.3·0.7/50000) ≈ 0.002.
    expect(Math.abs(dropped - 0.3)).toBeLessThan(4 * 0.002);
    expect(new Set(kept.filter((v) => v !== 0))).toEqual(new Set([1 / 0.7]));
    expect(dropout.forward(2, ones, 50 * 40)).toBe(ones); // p = 0: the layer passes a on untouched
  });

  const train = (options: object, network = new Network({ layers: [3, 8, 6, 2], activation: 'relu', outputActivation: 'sigmoid', loss: 'binary-cross-entropy', seed: 4 })) => {
    fit(network, inputs, targets, { epochs: 5, batchSize: 4, optimizer: { name: 'adam', learningRate: 0.01 }, ...options });
    return network;
  };

  it('p = 0 trains bit for bit as no dropout; a seed makes it reproducible', () => {
    const plain = Array.from(train({}).params);
    expect(Array.from(train({ dropout: 0 }).params)).toEqual(plain);
    expect(Array.from(train({ dropout: [0, 0] }).params)).toEqual(plain);
    const dropped = Array.from(train({ dropout: [0.5, 0.2], seed: 8 }).params);
    expect(Array.from(train({ dropout: [0.5, 0.2], seed: 8 }).params)).toEqual(dropped);
    expect(dropped).not.toEqual(plain);
    expect(Array.from(train({ dropout: [0.5, 0.2], seed: 9 }).params)).not.toEqual(dropped);
    // Online training too (the general path: the compiled step has no dropout).
    expect(Array.from(train({ dropout: 0.3, batchSize: 1 }).params)).toEqual(Array.from(train({ dropout: 0.3, batchSize: 1 }).params));
    expect(Array.from(train({ dropout: 0.3, batchSize: 1 }).params)).not.toEqual(Array.from(train({ batchSize: 1 }).params));
  });

  it('leaves prediction untouched: the trained weights predict as in a network that never saw dropout', () => {
    const network = train({ dropout: 0.5, validationSplit: 0.25 });
    const fresh = Network.fromParameters(network.config(), network.params);
    expect(Array.from(network.predict(inputs).data)).toEqual(Array.from(fresh.predict(inputs).data));
  });

  it('runs on the wasm backend as on js, to float32 rounding', () => {
    const make = (backend: 'js' | 'wasm') => new Network({ layers: [3, 64, 8, 2], activation: 'tanh', outputActivation: 'sigmoid', loss: 'binary-cross-entropy', dtype: 'float32', backend, seed: 2 });
    const js = train({ dropout: [0.4, 0.1] }, make('js'));
    const wasm = train({ dropout: [0.4, 0.1] }, make('wasm'));
    expect(wasm.backend.name).toBe('wasm');
    Array.from(wasm.params).forEach((v, k) => expect(v).toBeCloseTo(js.params[k], 4));
  });

  it('refuses a p outside [0, 1) and a list that does not match the hidden layers', () => {
    const network = new Network({ layers: [3, 4, 4, 2] });
    expect(() => fit(network, inputs, targets, { dropout: 1 })).toThrow('dropout must be a number ≥ 0 and < 1, got 1');
    expect(() => fit(network, inputs, targets, { dropout: [0.2, -0.1] })).toThrow('dropout[1] must be a number ≥ 0 and < 1, got -0.1');
    expect(() => fit(network, inputs, targets, { dropout: [0.2] })).toThrow('dropout must be a share in [0, 1) or one per hidden layer (2 here), such as [0.2, 0.2], got [0.2]');
  });
});
