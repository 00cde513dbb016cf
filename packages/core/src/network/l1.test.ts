/** The L1 penalty λ₁·Σ|W|: its subgradient against finite differences and one step against PyTorch. */
import { describe, expect, it } from 'vitest';
import { gradientCheck } from './gradcheck.js';
import { Model } from '../model/model.js';
import { Network } from './network.js';
import { fit } from '../training/train.js';

const x = [[0.5, -1.0, 2.0], [1.5, 0.2, -0.3], [-0.7, 0.9, 0.1], [0.0, -0.4, 1.1], [2.0, 1.0, -1.0]];
const y = [[0.2, -0.5], [1.0, 0.3], [-0.4, 0.8], [0.6, 0.0], [-1.0, 0.5]];

/** A 3-4-2 tanh/linear network whose parameters are 0.3·sin(1.7k + 0.5), k = 0, 1, … in buffer order. */
function network(): Network {
  const net = new Network({ layers: [3, 4, 2], activation: 'tanh', outputActivation: 'linear', loss: 'mse' });
  let k = 0;
  for (const p of net.parameters()) p.value.forEach((_, i) => (p.value[i] = 0.3 * Math.sin(1.7 * k++ + 0.5)));
  return net;
}

describe('l1', () => {
  it.each([
    ['tanh', 'linear', 'mse'],
    ['relu', 'softmax', 'categorical-cross-entropy'],
    ['sigmoid', 'sigmoid', 'binary-cross-entropy'],
  ] as const)('adds λ₁·sign(W) to the weight gradients: %s, %s, %s (finite differences, away from W = 0)', (hidden, output, loss) => {
    const net = new Network({ layers: [3, 4, 2], activation: hidden, outputActivation: output, loss, seed: 5 });
    // |W| has a kink at 0: every weight must sit farther from it than the difference step (1e-5)
    expect(Math.min(...net.parameters().filter((p) => p.kind === 'weight').flatMap((p) => Array.from(p.value, Math.abs)))).toBeGreaterThan(1e-3);
    const targets = loss === 'mse' ? y : [[1, 0], [0, 1], [0, 1], [1, 0], [1, 0]];
    expect(gradientCheck(net, x, targets, { l1: 0.05, l2: 0.01 }).maxRelativeError).toBeLessThan(1e-6);
    // and the penalty changes the gradient: without it the biases agree, the weights do not
    const analytic = (l1: number) => {
      net.forward(Float64Array.from(x.flat()), 5);
      net.backward(Float64Array.from(targets.flat()), 5, 0, null, l1);
      return Array.from(net.grads);
    };
    const [plain, penalised] = [analytic(0), analytic(0.05)];
    net.parameters().forEach((p) => {
      const diff = Array.from(p.value, (w, k) => penalised[p.offset + k] - plain[p.offset + k]);
      diff.forEach((d, k) => expect(d).toBeCloseTo(p.kind === 'bias' ? 0 : 0.05 * Math.sign(p.value[k]), 15));
    });
  });

  it("takes PyTorch's step: ½·mean Σ(a − y)² + λ₁·Σ|W| (weights only), then SGD", () => {
    // /usr/bin/python3 (torch 1.13, float64):
    //   def vals(n, k0): return torch.tensor([0.3 * math.sin(1.7 * (k0 + k) + 0.5) for k in range(n)])
    //   W0 = vals(12, 0).reshape(3, 4); b0 = vals(4, 12); W1 = vals(8, 16).reshape(4, 2); b1 = vals(2, 24)  # requires_grad
    //   a = torch.tanh(x @ W0 + b0) @ W1 + b1                # x, y as above
    //   J = 0.5 * ((a - y) ** 2).sum() / 5 + 0.05 * (W0.abs().sum() + W1.abs().sum()); J.backward()
    //   print(J); print(p - 0.1 * p.grad for p in (W0, b0, W1, b1))
    const net = network();
    const result = fit(net, x, y, { epochs: 1, batchSize: 5, shuffle: false, optimizer: { name: 'sgd', learningRate: 0.1 }, l1: 0.05 });
    expect(result.history[0].loss).toBeCloseTo(0.6269378281030507, 14);
    const torch = [
      0.13465334208959662, 0.24223658205643264, -0.20570890107017625, -0.17737124756516362, 0.2384183511024952, 0.13100891768116005, -0.29120563090747753,
      -0.036476395332129305, 0.30264273225737814, -0.0305037832519764, -0.2831996302338437, 0.09427906194316005, 0.25830706295296213, -0.16172686776880424,
      -0.23208372566598717, 0.2407235548991411, 0.16406195973457097, -0.24862840788681723, -0.09323611773029464, 0.29320359066352947, 0.007117645528605358,
      -0.31192499231718795, 0.061403035279112, 0.2798625156942161, -0.11936486991129859, -0.20724899696290955,
    ];
    net.parameters().flatMap((p) => Array.from(p.value)).forEach((v, k) => expect(v).toBeCloseTo(torch[k], 14));
  });

  it('drives weights to zero where the data do not need them, and is refused when negative', () => {
    // one useful input of three: the L1 penalty shrinks the two others' weights far more than L2 alone
    const inputs = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(3 * i), Math.sin(7 * i)]);
    const data = { inputs, targets: inputs.map(([a]) => 2 * a) };
    const useless = (l1: number) => {
      const { model } = Model.train(data, { hidden: [], epochs: 150, l1, optimizer: { name: 'sgd', learningRate: 0.05 }, batchSize: 40, targetScaling: 'none', scaling: 'none' });
      const w = model.network.parameters()[0].value;
      return { useful: Math.abs(w[0]), useless: Math.abs(w[1]) + Math.abs(w[2]) };
    };
    const [plain, sparse] = [useless(0), useless(0.05)];
    expect(sparse.useless).toBeLessThan(plain.useless / 3);
    expect(sparse.useful).toBeGreaterThan(1);
    expect(() => fit(network(), x, y, { l1: -1 })).toThrow('l1 must be a number ≥ 0, got -1');
  });
});
