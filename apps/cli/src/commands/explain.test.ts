/** `bpnn explain` and `bpnn gradcheck` end to end, against core computed in-process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradientCheck, Network, Random, selectRows } from '@bpnn/core';
import { readCsvDataset, readModel } from '@bpnn/serialize';
import { beforeAll, describe, expect, it } from 'vitest';
import { bpnn, DATA, json, oneLine, workdir } from '../../test/run.js';
import { randomData } from './gradcheck.js';

const IRIS = join(DATA, 'iris.csv');
let dir: string;

beforeAll(() => {
  dir = workdir();
  expect(bpnn(['train', IRIS, '--target', 'species', '--hidden', '6,5', '--activation', 'tanh', '--epochs', '30', '--dtype', 'float64', '--out', 'iris.bpnn'], { cwd: dir }).code).toBe(0);
});

describe('bpnn explain', () => {
  it('--json gives, for data row N (1-based), the z, a and δ of every layer that network.explain computes', async () => {
    const out = json(bpnn(['explain', 'iris.bpnn', IRIS, '--row', '51', '--top', '5', '--json'], { cwd: dir }));
    const model = readModel(readFileSync(join(dir, 'iris.bpnn')));
    const data = await readCsvDataset(readFileSync(IRIS), { target: 'species' });
    const { inputs, targets } = model.encode(selectRows(data, [50])); // row 51 is index 50
    const e = model.network.explain(inputs.row(0), targets.row(0));
    expect(out.target).toEqual({ species: 'versicolor' });
    expect(out.input['sepal length (cm)']).toBe(7);
    expect(out.encodedTarget).toEqual([0, 1, 0]);
    expect(out.cost).toBe(e.cost);
    expect(out.layers.map((l: { size: number }) => l.size)).toEqual([4, 6, 5, 3]);
    out.layers.slice(1).forEach((layer: { z: number[]; a: number[]; residual: number[] }, k: number) => {
      expect(layer.z).toEqual(Array.from(e.z[k]));
      expect(layer.a).toEqual(Array.from(e.activations[k + 1]));
      expect(layer.residual).toEqual(Array.from(e.residuals[k]));
    });
    // softmax with cross-entropy: the output residual is a − y
    const output = out.layers[3];
    output.residual.forEach((d: number, j: number) => expect(d).toBeCloseTo(output.a[j] - out.encodedTarget[j], 12));
    // each listed gradient is a_i·δ_j, and they come largest first
    expect(out.topGradients).toHaveLength(5);
    for (const g of out.topGradients) expect(g.gradient).toBeCloseTo(g.activation * g.residual, 12);
    const sizes = out.topGradients.map((g: { gradient: number }) => Math.abs(g.gradient));
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    const all = e.dWeights.flatMap((m) => Array.from(m.data, Math.abs));
    expect(sizes[0]).toBe(Math.max(...all));
  });

  it('prints the layers with the formulas that link them', () => {
    const run = bpnn(['explain', 'iris.bpnn', IRIS, '--row', '1'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('data row 1 of');
    expect(run.stdout).toContain('output layer δ_j = a_j − y_j (softmax output with categorical-cross-entropy)');
    expect(run.stdout).toContain('δ_i^(l) = (Σ_j W[l][i][j]·δ_j^(l+1))·f′(z_i^(l))');
    expect(run.stdout).toMatch(/layer 1: 6 hidden neurons, tanh\n\s+neuron\s+z\s+a\s+δ/);
    expect(run.stdout).toMatch(/layer 3: 3 outputs, softmax\n\s+neuron\s+output\s+z\s+a\s+y\s+δ\n\s+0\s+setosa/);
    expect(run.stdout).toMatch(/largest weight gradients .*\n\s+weight\s+a_i\s+δ_j\s+∂J\/∂W\n\s+W\[\d\]\[\d+\]\[\d+\]/);
  });
});

describe('bpnn gradcheck', () => {
  it('a fresh network: the relative errors core computes for the same network and data, and exit 0', () => {
    const out = json(bpnn(['gradcheck', '--layers', '3,5,2', '--activation', 'tanh', '--loss', 'binary-cross-entropy', '--samples', '4', '--seed', '7', '--json']));
    expect(out.passed).toBe(true);
    expect(out.network).toEqual({ layers: [3, 5, 2], activations: ['tanh', 'sigmoid'], loss: 'binary-cross-entropy' });
    const network = new Network({ layers: [3, 5, 2], activation: 'tanh', loss: 'binary-cross-entropy', dtype: 'float64', seed: 7 });
    const { inputs, targets } = randomData(network, 4, new Random(8));
    const expected = gradientCheck(network, inputs, targets, { seed: 7 });
    expect(out.tensors).toEqual(expected.tensors);
    expect(out.maxRelativeError).toBeLessThan(1e-6);
  });

  it('a model on its data passes; a tolerance below the error fails with exit 1 and one line', () => {
    const run = bpnn(['gradcheck', 'iris.bpnn', IRIS, '--rows', '8'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/layers\.0\.weight\s+24\s+[\d.]+e-\d+\s+[\d.]+e-\d+\s+ok/);
    expect(run.stdout).toContain('back-propagation agrees with finite differences');
    const strict = bpnn(['gradcheck', 'iris.bpnn', IRIS, '--rows', '8', '--tolerance', '1e-20'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('FAIL');
    expect(oneLine(strict.stderr)).toMatch(/^bpnn: gradient check failed: 6 tensors above --tolerance 1e-20, the worst layers\.\d\.(weight|bias) with relative error/);
  });
});
