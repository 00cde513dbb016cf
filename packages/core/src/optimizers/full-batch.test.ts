/** The full-batch optimisers that need more than one gradient: Quickprop against FANN, L-BFGS against PyTorch. */
import { describe, expect, it } from 'vitest';
import { fit } from '../training/train.js';
import { Network } from '../network/network.js';

/** The 2-3-1 network both references start from: tanh hidden layer, linear output, squared error. */
const network = () => new Network({ layers: [2, 3, 1], activation: 'tanh', outputActivation: 'linear', seed: 7 });
// Its weights, which the reference programs below set: W0 (2x3), b0, W1 (3x1), b1.
const START = [-0.5831542446461486, -0.11192254465194396, 0.14387503135379154, 0.028944829453157128, 0.7548349425135841, 0.1426207222314948, 0, 0, 0, -0.4046891935901612, -0.6023697963756135, 0.2853153162617459, 0];

describe('quickprop', () => {
  it("takes FANN 2.2's steps: 7 epochs on XOR end at FANN_TRAIN_QUICKPROP's weights", () => {
    // FANN 2.2 (Debian's libfann-dev, doublefann), computed once; gcc quickprop.c -ldoublefann -lm:
    //   fann_create_standard(3, 2, 3, 1); hidden FANN_SIGMOID_SYMMETRIC and output FANN_LINEAR, steepness 1
    //   (tanh and the identity); FANN_TRAIN_QUICKPROP, FANN_ERRORFUNC_LINEAR, learning rate 0.5, mu 1.75,
    //   decay -0.0001 (a float: Math.fround(-0.0001)); the weights START set with fann_set_weight
    //   (neurons 0,1 inputs, 2 bias, 3-5 hidden, 6 bias, 7 output); 7 × fann_train_epoch on XOR in
    //   order; fann_get_connection_array. Every hidden |a| stayed below 0.98 (0.9742), where FANN clips
    //   tanh's derivative, so the two compute the same function.
    const FANN = [
      -0.63685147501742168, -0.051342766093575125, -0.017154355350101989, -1.8713776002991156, 0.70333545099814132, 0.28437626425242191,
      -0.14786027418331321, -0.098202385486481719, 0.08715078232379668, -0.39549353728378495, -0.38951208430387207, 0.27922545619111039,
      0.25760796186636026,
    ];
    const net = network();
    expect(Array.from(net.params)).toEqual(START);
    fit(net, [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], {
      epochs: 7,
      shuffle: false,
      optimizer: { name: 'quickprop', learningRate: 0.5, mu: 1.75, decay: Math.fround(-0.0001) },
    });
    Array.from(net.params).forEach((w, k) => expect(w).toBeCloseTo(FANN[k], 12));
  });
});

describe('lbfgs', () => {
  it("reaches PyTorch's LBFGS loss (strong Wolfe line search, history 10) in the same iterations, or a lower one", () => {
    // PyTorch 1.13, float64, computed once:
    //   W0, b0, W1, b1 = START; x = [[r / 7, (r * 3 % 8) / 7] for r in range(8)]; y = sin(3·x₀)·x₁ + x₀/2
    //   J = (0.5 * ((tanh(x @ W0 + b0) @ W1 + b1 - y) ** 2).sum(1)).mean()
    //   opt = torch.optim.LBFGS(params, lr=1, max_iter=1, history_size=10, line_search_fn='strong_wolfe')
    //   for it in range(15): opt.step(closure); print(J())
    const PYTORCH = [
      0.08198675302571107, 0.05760332127134788, 0.02792322218772317, 0.01764030544791445, 0.01388271403046553, 0.01275713077063446, 0.01197298648384275,
      0.01135549836766395, 0.01095280372885354, 0.0108763810962462, 0.0106722590447441, 0.01035112075256872, 0.00955987023404412, 0.00869589073539664,
      0.00777546818449566,
    ];
    const x = Array.from({ length: 8 }, (_, r) => [r / 7, ((r * 3) % 8) / 7]);
    const y = x.map(([a, b]) => [Math.sin(3 * a) * b + 0.5 * a]);
    const net = network();
    // 16 epochs: an epoch's loss is J before its step, so epochs 2 … 16 report J after iterations 1 … 15.
    const { history } = fit(net, x, y, { epochs: 16, shuffle: false, optimizer: 'lbfgs' });
    const losses = history.slice(1).map((h) => h.loss);
    expect(losses.at(-1)!).toBeLessThanOrEqual(PYTORCH.at(-1)! * (1 + 1e-9));
    losses.forEach((loss, i) => expect(loss).toBeCloseTo(PYTORCH[i], 8));
  });
});
