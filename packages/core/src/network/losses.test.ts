import { describe, expect, it } from 'vitest';
import { activation } from '../activations/activations.js';
import { ConfigError } from '../errors.js';
import { gradientCheck } from './gradcheck.js';
import { loss, LOSS_NAMES } from './losses.js';
import { Matrix } from '../data/matrix.js';
import { Network } from './network.js';

describe('losses', () => {
  it('compute hand-worked costs', () => {
    const a = Float64Array.from([0.8, 0.1, 0.1]);
    const y = Float64Array.from([1, 0, 0]);
    expect(loss('mse').cost(a, y, 3)).toBeCloseTo(0.5 * (0.04 + 0.01 + 0.01), 15);
    expect(loss('categorical-cross-entropy').cost(a, y, 3)).toBeCloseTo(-Math.log(0.8), 15);
    expect(loss('binary-cross-entropy').cost(a, y, 3)).toBeCloseTo(-Math.log(0.8) - 2 * Math.log(0.9), 14);
  });

  it.each(LOSS_NAMES)('%s: the gradient matches central differences of the cost', (name) => {
    const l = loss(name);
    const a = Float64Array.from([0.7, 0.2, 0.1]);
    const y = Float64Array.from([0, 1, 0]);
    const g = new Float64Array(3);
    l.gradient(a, y, g, 3);
    const h = 1e-7;
    for (let i = 0; i < 3; i++) {
      const plus = Float64Array.from(a);
      const minus = Float64Array.from(a);
      plus[i] += h;
      minus[i] -= h;
      expect(g[i]).toBeCloseTo((l.cost(plus, y, 3) - l.cost(minus, y, 3)) / (2 * h), 6);
    }
  });

  it('saturated outputs cost a lot but stay finite', () => {
    expect(loss('binary-cross-entropy').cost(Float64Array.of(1), Float64Array.of(0), 1)).toBeCloseTo(34.5, 0);
    expect(loss('categorical-cross-entropy').cost(Float64Array.of(0, 1), Float64Array.of(1, 0), 2)).toBeCloseTo(34.5, 0);
  });

  it('refuses unsound output activations and says why', () => {
    expect(() => loss('categorical-cross-entropy').check(activation('sigmoid'))).toThrow(ConfigError);
    expect(() => loss('categorical-cross-entropy').check(activation('sigmoid'))).toThrow(/needs the outputs to be one probability distribution.*softmax/);
    expect(() => loss('binary-cross-entropy').check(activation('relu'))).toThrow(/needs outputs in \(0, 1\).*"relu"/);
    expect(() => loss('binary-cross-entropy').check(activation('softmax'))).toThrow(/use categorical-cross-entropy with softmax/);
    expect(() => loss('mse').check(activation('softmax'))).not.toThrow();
    expect(() => loss('hinge' as never)).toThrow(/loss must be one of mse, binary-cross-entropy, categorical-cross-entropy, got "hinge"/);
  });
});

/** A dtype and backend: float64 on the js backend, or the named one. */
type Where = 'float64' | 'float64 wasm' | 'float32 js' | 'float32 wasm';

/** A network with the given weights (as rows) and biases, one weight layer. */
function oneLayer(weights: number[][], biases: number[], output: 'softmax' | 'sigmoid', backend: Where = 'float64'): Network {
  const loss = output === 'softmax' ? 'categorical-cross-entropy' : 'binary-cross-entropy';
  const dtype = backend.startsWith('float64') ? 'float64' : 'float32';
  const network = new Network({ layers: [weights.length, biases.length], outputActivation: output, loss, dtype, backend: backend.endsWith('wasm') ? 'wasm' : 'js' });
  network.params.set([...weights.flat(), ...biases]);
  return network;
}

/*
 * Reference values from PyTorch 1.13 (Debian's python3-torch), float64, computed once:
 *   t = lambda v: torch.tensor(v, dtype=torch.float64)
 *   # A: W = t([[0.5, -0.3, 0.8], [0.2, 0.7, -0.4]]), b = t([0.1, -0.2, 0.05]) (requires_grad),
 *   #    x = t([[1.5, -0.5], [-0.7, 0.9]]), y = t([[1, 1, 0], [0.5, 0, 0]]), z = x @ W + b
 *   J = -(y * F.log_softmax(z, dim=1)).sum(dim=1).mean(); J.backward()   # J, z.grad * 2, W.grad, b.grad
 *   # B: z = t([[3, -2], [-1, 1], [0.1, 0.1]]) @ t([[150, -100, 0], [-100, 150, 10]])
 *   F.cross_entropy(z, torch.tensor([1, 1, 0]))
 *   # C: z = t([[2, 1], [-1, 1.5]]) @ t([[60, -50], [-40, 70]]), y = t([[0, 0], [1, 1]])
 *   F.binary_cross_entropy_with_logits(z, y, reduction='sum') / 2
 */
describe("the network's cost and output residual, against PyTorch", () => {
  it.each(['float64', 'float64 wasm'] as const)('softmax with categorical-cross-entropy: exact for target rows that are not distributions (%s)', (where) => {
    const network = oneLayer([[0.5, -0.3, 0.8], [0.2, 0.7, -0.4]], [0.1, -0.2, 0.05], 'softmax', where);
    const x = Matrix.fromRows([[1.5, -0.5], [-0.7, 0.9]]);
    const y = Matrix.fromRows([[1, 1, 0], [0.5, 0, 0]]); // sums 2 and 0.5: fit refuses them, backward takes them
    const residuals = [
      [-0.37255426572757555, -0.8909662804543207, 1.2635205461818964],
      [-0.3564587898831604, 0.29196156663322836, 0.06449722324993201],
    ];
    for (const r of [0, 1]) {
      const explained = network.explain(x.row(r), y.row(r));
      Array.from(explained.residuals[0]).forEach((d, j) => expect(d).toBeCloseTo(residuals[r][j], 14));
    }
    network.forward(x.data, 2);
    expect(network.cost(y.data, 2)).toBeCloseTo(2.3462417530067743, 14);
    network.backward(y.data, 2);
    const expected = [-0.15465512283657554, -0.7704112586623704, 0.925066381498946, -0.0672678890155283, 0.35412427509853295, -0.2868563860830047, -0.36450652780536796, -0.29950235691054616, 0.6640088847159142];
    Array.from(network.grads).forEach((g, k) => expect(g).toBeCloseTo(expected[k], 14));
    expect(gradientCheck(network, x, y).maxRelativeError).toBeLessThan(1e-6);
  });

  const backends = ['float64', 'float64 wasm', 'float32 js', 'float32 wasm'] as const;

  it.each(backends)('a saturated softmax network costs what log-softmax gives (%s)', (dtype) => {
    const network = oneLayer([[150, -100, 0], [-100, 150, 10]], [0, 0, 0], 'softmax', dtype);
    network.forward(Float64Array.of(3, -2, -1, 1, 0.1, 0.1), 3); // z (3, 3): [650, −600, −20], [−250, 250, 10], [5, 5, 1]
    const y = Float64Array.of(0, 1, 0, 0, 1, 0, 1, 0, 0);
    expect(network.cost(y, 3)).toBeCloseTo(416.9007544404797, dtype.startsWith('float64') ? 11 : 4); // clamping a at 1e-15 gave 11.7
  });

  it.each(backends)('a saturated sigmoid network costs what log-sigmoid gives (%s)', (dtype) => {
    const network = oneLayer([[60, -50], [-40, 70]], [0, 0], 'sigmoid', dtype);
    network.forward(Float64Array.of(2, 1, -1, 1.5), 2); // z (2, 2): [80, −30], [−120, 155]
    expect(network.cost(Float64Array.of(0, 0, 1, 1), 2)).toBeCloseTo(100.00000000000006, dtype.startsWith('float64') ? 12 : 4); // clamping gave 34.5
  });
});
