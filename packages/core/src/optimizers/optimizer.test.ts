import { describe, expect, it } from 'vitest';
import { createBackend } from '../backend/backend.js';
import { Random } from '../random.js';
import { optimizer, type OptimizerSpec } from './optimizer.js';

describe('optimisers', () => {
  it('Adam takes a first step of η·sign(g) (bias correction makes m̂/√v̂ = g/|g|)', () => {
    const params = Float64Array.of(1, -2, 3);
    optimizer({ name: 'adam', learningRate: 0.01 }).step(params, Float64Array.of(0.5, -4, 1e-3));
    expect(Array.from(params)).toEqual([0.99, -1.99, 2.99].map((v) => expect.closeTo(v, 6)));
  });

  it('SGD with momentum follows v ← μv − ηg, w ← w + v (hand-worked)', () => {
    const params = Float64Array.of(1);
    const sgd = optimizer({ name: 'sgd', learningRate: 0.1, momentum: 0.5 });
    sgd.step(params, Float64Array.of(2)); // v = −0.2, w = 0.8
    sgd.step(params, Float64Array.of(2)); // v = −0.1 − 0.2 = −0.3, w = 0.5
    expect(params[0]).toBeCloseTo(0.5, 15);
    const nesterov = Float64Array.of(1);
    const nag = optimizer({ name: 'sgd', learningRate: 0.1, momentum: 0.5, nesterov: true });
    nag.step(nesterov, Float64Array.of(2)); // v = −0.2, w = 1 + 0.5·(−0.2) − 0.2 = 0.7
    expect(nesterov[0]).toBeCloseTo(0.7, 15);
  });

  it('iRPROP− grows the step while the sign holds and skips one update after a flip', () => {
    const params = Float64Array.of(0);
    const rprop = optimizer({ name: 'rprop', initialStep: 0.1 });
    rprop.step(params, Float64Array.of(1)); // −0.1
    rprop.step(params, Float64Array.of(1)); // step 0.12 → −0.22
    rprop.step(params, Float64Array.of(-1)); // flip: step 0.06, no update
    rprop.step(params, Float64Array.of(-1)); // previous gradient forgotten: +0.06
    expect(params[0]).toBeCloseTo(-0.16, 15);
  });

  it("iRPROP− clamps a first step above maxStep to maxStep, as PyTorch's Rprop does", () => {
    // PyTorch 1.13, float64, computed once:
    //   p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    //   opt = torch.optim.Rprop([p], lr=80, etas=(0.5, 1.2), step_sizes=(1e-6, 50))
    //   for g in [[1, -2, 0.5], [1, -2, -0.5], [1, 3, -0.5], [-1, 3, -0.5]]: p.grad = t(g); opt.step(); print(p)
    const expected = [
      [-50, 50, -50],
      [-100, 100, -50],
      [-150, 100, -25],
      [-150, 75, 5],
    ];
    const params = new Float64Array(3);
    const rprop = optimizer({ name: 'rprop', initialStep: 80, maxStep: 50, minStep: 1e-6, increase: 1.2, decrease: 0.5 });
    [[1, -2, 0.5], [1, -2, -0.5], [1, 3, -0.5], [-1, 3, -0.5]].forEach((g, t) => {
      rprop.step(params, Float64Array.from(g));
      expect(Array.from(params)).toEqual(expected[t]);
    });
  });

  const specs: OptimizerSpec[] = [
    { name: 'adam', learningRate: 0.01 },
    { name: 'sgd', learningRate: 0.05 },
    { name: 'sgd', learningRate: 0.05, momentum: 0.9 },
    { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
  ];

  it.each(specs)('the wasm backend runs %j like the TypeScript loop, to float32 rounding', (spec) => {
    const random = new Random(3);
    const count = 103; // not a multiple of 4: the vector loop and its scalar tail both run
    const start = Float32Array.from({ length: count }, () => random.normal());
    const gradients = Array.from({ length: 5 }, () => Float32Array.from({ length: count }, () => random.normal()));
    const run = (backend: ReturnType<typeof createBackend>) => {
      const params = backend.allocate(count);
      const grads = backend.allocate(count);
      params.set(start);
      const opt = optimizer(spec, 'optimizer', backend);
      for (const g of gradients) {
        grads.set(g);
        opt.step(params, grads);
      }
      return Array.from(params);
    };
    const native = run(createBackend('float32', 'wasm'));
    const reference = run(createBackend('float32', 'js'));
    native.forEach((v, k) => expect(v).toBeCloseTo(reference[k], 5));
  });
});
