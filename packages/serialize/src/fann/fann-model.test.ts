import { readFileSync } from 'node:fs';
import { DataError, FormatError, Matrix, Model, Network, type ActivationName } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { fannRunner } from '../../test/fann-runner.js';
import { readModel, writeModel } from '../model-file/bpnn-file.js';
import { exportFannNet, importFannNet } from './fann-model.js';
import { readModelJson, writeModelJson } from '../model-file/model-json.js';
import { formatFannNet, parseFannNet } from './fann-net.js';

const dir = new URL('../../test/fixtures/fann/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const expected = JSON.parse(read('expected.json'));

/** The largest |a − b| over two tables of numbers of the same shape. */
function maxError(actual: Matrix | number[][], wanted: number[][]): number {
  const rows = actual instanceof Matrix ? actual.toRows() : actual;
  expect(rows.length).toBe(wanted.length);
  let max = 0;
  rows.forEach((row, r) => {
    expect(row.length).toBe(wanted[r].length);
    row.forEach((v, c) => (max = Math.max(max, Math.abs(v - wanted[r][c]))));
  });
  return max;
}

describe('importFannNet: FANN 2.2 networks compute what FANN computed', () => {
  it('an imported model with FANN\'s stored (affine) scaling saves as .bpnn and JSON and predicts the same', () => {
    const model = importFannNet(read('scaled.net'), { source: 'scaled.net' });
    expect(model.inputScaler.kind).toBe('affine');
    const { raw_inputs } = expected['scaled.net'];
    const want = Array.from(model.outputs(raw_inputs).data);
    expect(Array.from(readModel(writeModel(model), { source: 'scaled.bpnn' }).outputs(raw_inputs).data)).toEqual(want);
    expect(Array.from(readModelJson(writeModelJson(model), { source: 'scaled.json' }).outputs(raw_inputs).data)).toEqual(want);
  });

  it.each(['xor_float.net', 'mixed_4_8_5_3.net'])('%s', (name) => {
    const model = importFannNet(read(name), { source: name });
    const { inputs, outputs } = expected[name];
    expect(maxError(model.outputs(inputs), outputs)).toBeLessThan(1e-5);
  });

  it('reads the outputs as classes when given labels: a classifier predicting the largest output', () => {
    const labels = ['setosa', 'versicolor', 'virginica'];
    const model = importFannNet(read('mixed_4_8_5_3.net'), { classes: { labels, target: 'species' } });
    expect(model).toMatchObject({ task: 'classification', labels, targetNames: ['species'] });
    const { inputs, outputs } = expected['mixed_4_8_5_3.net'] as { inputs: number[][]; outputs: number[][] };
    const prediction = model.predict(inputs);
    if (prediction.task !== 'classification') throw new Error('a classifier was expected');
    // FANN's own outputs decide: the label of each row's largest output.
    expect(prediction.labels).toEqual(outputs.map((row) => labels[row.indexOf(Math.max(...row))]));
    expect(maxError(prediction.probabilities, outputs)).toBeLessThan(1e-5);
    // It stays a classifier through the model file.
    expect(readModel(writeModel(model))).toMatchObject({ task: 'classification', labels, targetNames: ['species'] });
  });

  it('refuses labels that do not name each output once, or outputs that the file scales', () => {
    const mixed = read('mixed_4_8_5_3.net');
    expect(() => importFannNet(mixed, { classes: { labels: ['a', 'b'] } })).toThrow(`labels must name each of the network's 3 outputs, got 2 ("a", "b")`);
    expect(() => importFannNet(mixed, { classes: { labels: ['a', 'b', 'a'] } })).toThrow('labels must be distinct, got "a" twice');
    expect(() => importFannNet(read('scaled.net'), { classes: { labels: ['a'] } })).toThrow(/labels cannot be given for a network whose outputs are scaled/);
  });

  it('maps each layer to one activation, FANN steepness folded into weights and biases', () => {
    const model = importFannNet(new TextEncoder().encode(read('mixed_4_8_5_3.net'))); // bytes work as text does
    expect(model.network.layers).toEqual([4, 8, 5, 3]); // bias neurons dropped
    expect(model.network.activations.map((a) => a.name)).toEqual(['sigmoid', 'elliot-symmetric', 'linear']);
    // FANN's first connection of neuron 5 has weight −0.3358…, sigmoid at steepness 0.5: bpnn's weight is 2·0.5 times it.
    expect(model.network.parameters()[0].value[0]).toBeCloseTo(-3.35861325263977050781e-1, 15);
    expect(model.inputNames).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect(model.targetNames).toEqual(['y0', 'y1', 'y2']);
  });

  it('scaled.net: the stored scaling becomes the model\'s input and target scalers (fann_scale_input, fann_descale_output)', () => {
    const model = importFannNet(read('scaled.net'));
    const { raw_inputs, scaled_inputs, outputs_on_scaled_inputs } = expected['scaled.net'];
    // The network alone on FANN's scaled inputs gives FANN's outputs …
    expect(maxError(model.network.predict(scaled_inputs), outputs_on_scaled_inputs)).toBeLessThan(1e-5);
    // … the input scaler maps raw inputs to FANN's scaled inputs (FANN scales in float32) …
    const x = Matrix.fromRows(raw_inputs);
    const scaled = x.toRows().map((row) => row.map((v, k) => (v - model.inputScaler.offset[k]) / model.inputScaler.scale[k]));
    expect(maxError(scaled, scaled_inputs)).toBeLessThan(1e-4);
    // … and the model's outputs are FANN's outputs descaled as fann_descale_output does it.
    const text = read('scaled.net');
    const param = (key: string) => Number(text.match(new RegExp(`^${key}=(\\S+)`, 'm'))![1]);
    const [mean, deviation, newMin, factor] = ['scale_mean_out', 'scale_deviation_out', 'scale_new_min_out', 'scale_factor_out'].map(param);
    const descaled = outputs_on_scaled_inputs.map((row: number[]) => row.map((y) => ((y - newMin) / factor + -1) * deviation + mean));
    expect(maxError(model.outputs(raw_inputs), descaled)).toBeLessThan(1e-4);
  });

  it('reads FANN_FLO_2.0 files, which have no scaling fields', () => {
    const xor = read('xor_float.net');
    const old = xor.replace('FANN_FLO_2.1', 'FANN_FLO_2.0').replace('scale_included=0\n', '');
    const { inputs } = expected['xor_float.net'];
    expect(importFannNet(old).outputs(inputs).toRows()).toEqual(importFannNet(xor).outputs(inputs).toRows());
  });

  it('refuses shortcut networks (network_type=1) with a FormatError naming the file', () => {
    expect(() => importFannNet(read('shortcut_3_4_2.net'), { source: 'shortcut_3_4_2.net' })).toThrow(FormatError);
    expect(() => importFannNet(read('shortcut_3_4_2.net'), { source: 'shortcut_3_4_2.net' })).toThrow(/shortcut_3_4_2\.net: network_type=1 has shortcut connections/);
  });

  it('refuses a layer whose neurons use different activations, naming layer and neurons', () => {
    const net = parseFannNet(read('mixed_4_8_5_3.net'));
    net.neurons[15].activation = 3; // layer 2 is elliot_symmetric (11) but neuron 15 becomes sigmoid
    expect(() => importFannNet(formatFannNet(net), { source: 'm.net' })).toThrow(
      'm.net: layer 2 mixes activation functions (neurons 14, 16, 17, 18 use FANN_ELLIOT_SYMMETRIC; neurons 15 use FANN_SIGMOID); a bpnn layer has one activation',
    );
  });

  it('refuses sparse networks (connection_rate < 1)', () => {
    const net = parseFannNet(read('xor_float.net'));
    net.connectionRate = 0.5;
    net.neurons[3].inputs = 2; // neuron 3 loses its connection from input 1
    net.connections.splice(1, 1);
    expect(() => importFannNet(formatFannNet(net))).toThrow(/neuron 3 \(layer 1\) has 2 connections, a fully connected layer needs 3 .* sparse networks \(connection_rate=0.5\)/);
  });

  it('reads a neuron\'s connections in the order FANN lists them: sparse_2_2_1.net (connection_rate 0.9, every connection there, shuffled)', () => {
    const text = read('sparse_2_2_1.net');
    expect(parseFannNet(text).connections.slice(0, 3).map((c) => c.from)).toEqual([2, 1, 0]); // bias, input 1, input 0
    const { inputs, outputs } = expected['sparse_2_2_1.net'];
    expect(maxError(importFannNet(text).outputs(inputs), outputs)).toBeLessThan(1e-6); // FANN's float32 sums
  });

  it('refuses what has no meaning in bpnn, saying what and where', () => {
    const xor = read('xor_float.net');
    expect(() => importFannNet(xor.replace('FANN_FLO_2.1', 'FANN_FIX_2.1'))).toThrow(/fixed-point FANN network/);
    // the version line FANN 2.2's fann_create_from_fd still takes, and reads by fann_create_from_fd_1_1
    expect(() => importFannNet('FANN_FLO_1.1\n3 0.7 1 0 3 3 0.5 0.5\n3 4 2\n', { source: 'old.net' })).toThrow("old.net: FANN_FLO_1.1 is FANN 1's format, which FANN 2 still reads: load it with FANN 2 (fann_create_from_file) and save it again (fann_save) to import it");
    expect(() => importFannNet(xor.replace(/\(3, 5, 5\.0+e-01\)/, '(3, 9, 5.0e-01)'))).toThrow(/layer 1 mixes activation functions/);
    expect(() => importFannNet(xor.replaceAll(/\(3, 5, 5\.0+e-01\)/g, '(3, 9, 5.0e-01)'))).toThrow(/layer 1 uses FANN_GAUSSIAN_STEPWISE: FANN computes 0 for every input/);
    expect(() => importFannNet(xor.replace(/\(4, 5, 5\.0+e-01\)/, '(4, 5, 0.0)'))).toThrow(/neuron 7 has activation_steepness 0; it must be > 0/);
    expect(() => importFannNet(xor.replace('(1, 4.14586264708212492991e+00)', '(2, 4.14586264708212492991e+00)'))).toThrow(/connection 2 of neuron 3 comes from neuron 2 again; a layered network connects each neuron of layer 0 \(neurons 0 to 2\) once/);
    expect(() => importFannNet(xor.replace('(1, 4.14586264708212492991e+00)', '(5, 4.14586264708212492991e+00)'))).toThrow(/connection 1 of neuron 3 comes from neuron 5; a layered network connects it to layer 0 \(neurons 0 to 2, 2 its bias neuron\)/);
    expect(() => importFannNet(xor.replace('(1, 4.14586264708212492991e+00)', '(1, nan)'))).toThrow(/line 36: connection 1 weight must be a finite number, got "nan"/);
    expect(() => importFannNet(xor.replace(/^layer_sizes=.*$/m, 'layer_sizes=3 4'))).toThrow(/layer_sizes lists 2 layers, num_layers says 3/);
    expect(() => importFannNet(xor.replace(/^layer_sizes=.*$/m, 'layer_sizes=3').replace('num_layers=3', 'num_layers=1'))).toThrow(/num_layers must be at least 2/);
    expect(() => importFannNet(xor.split('\n').slice(0, 34).join('\n'))).toThrow(/the field neurons \(num_inputs, activation_function, activation_steepness\) is missing/);
    expect(() => importFannNet('{"weights": [2, 3, 1]}')).toThrow(/line 1 must be FANN_FLO_2.1 or FANN_FLO_2.0/);
    expect(() => importFannNet('{"sizes": [2, 3, 1]}')).toThrow('FANN .net: is a brain.js network (NeuralNetwork#toJSON()), not a FANN network (.net). Import it first: importBrainJs');
  });
});

/** A small bpnn model with each activation FANN can run, and scaling on both sides. */
function bpnnModel(hidden: ActivationName, output: ActivationName): Model {
  const network = new Network({ layers: [3, 5, 2], activation: hidden, outputActivation: output, seed: 7 });
  network.parameters().forEach((p) => p.kind === 'bias' && p.value.forEach((_, k) => (p.value[k] = 0.1 * (k - 2))));
  return new Model({
    task: 'regression',
    network,
    inputNames: ['a', 'b', 'c'],
    targetNames: ['u', 'v'],
    inputScaler: { kind: 'standard', offset: [10, -2, 0.5], scale: [4, 0.5, 2] },
    targetScaler: { kind: 'standard', offset: [100, -1], scale: [20, 3] },
  });
}

const exportable: ActivationName[] = ['sigmoid', 'tanh', 'linear', 'elliot', 'elliot-symmetric', 'gaussian', 'gaussian-symmetric', 'sin', 'cos', 'sin-symmetric', 'cos-symmetric', 'linear-piece', 'linear-piece-symmetric', 'sigmoid-stepwise', 'tanh-stepwise', 'threshold', 'threshold-symmetric'];
const rawInputs = [[10, -2, 0.5], [12.5, -1.2, 3], [3, -2.6, -1.5], [17, -1.9, 0.1]];

describe('exportFannNet', () => {
  it('round trip: import → export → import keeps every parameter, scaler and output', () => {
    for (const name of ['xor_float.net', 'mixed_4_8_5_3.net', 'scaled.net']) {
      const first = importFannNet(read(name));
      const again = importFannNet(exportFannNet(first));
      expect(Array.from(again.network.params)).toEqual(Array.from(first.network.params));
      expect(again.network.config()).toEqual(first.network.config());
      expect(again.inputScaler).toEqual(first.inputScaler);
      expect(again.targetScaler).toEqual(first.targetScaler);
    }
  });

  it.each(exportable)('round trip of a bpnn model with %s hidden and output layers', (act) => {
    const model = bpnnModel(act, act === 'sigmoid' ? 'linear' : act);
    const again = importFannNet(exportFannNet(model));
    expect(again.network.activations.map((a) => a.name)).toEqual(model.network.activations.map((a) => a.name));
    expect(maxError(again.outputs(rawInputs), model.outputs(rawInputs).toRows())).toBeLessThan(1e-12);
  });

  it('refuses activations FANN 2.2 cannot compute, naming the layer', () => {
    for (const act of ['relu', 'leaky-relu', 'elu', 'softplus'] as const) {
      expect(() => exportFannNet(bpnnModel(act, 'linear'))).toThrow(new RegExp(`FANN export: layer 1 uses ${act}, which FANN 2.2 does not compute`));
    }
    expect(() => exportFannNet(bpnnModel('tanh', 'softmax'))).toThrow(/layer 2 uses softmax/);
  });

  const fann = fannRunner();
  describe.skipIf(fann.run === undefined)(`with real FANN${fann.reason ? ` (skipped: ${fann.reason})` : ''}`, () => {
    it.each(['xor_float.net', 'mixed_4_8_5_3.net'])('FANN computes the same outputs for %s imported and exported again', (name) => {
      const exported = exportFannNet(importFannNet(read(name)));
      const { inputs, outputs } = expected[name];
      expect(maxError(fann.run!(read(name), inputs), outputs)).toBeLessThan(1e-5); // the runner reproduces expected.json (float32)
      expect(maxError(fann.run!(exported, inputs), outputs)).toBeLessThan(1e-5);
    });

    // Every FANN 2.2 activation, at a different steepness on each neuron: bpnn's import against FANN itself.
    const codes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17];
    it.each(codes)('FANN activation %i with per-neuron steepness imports as FANN runs it', (code) => {
      const net = parseFannNet(read('mixed_4_8_5_3.net'));
      net.neurons.forEach((neuron, k) => {
        if (neuron.inputs > 0) Object.assign(neuron, { activation: code, steepness: 0.25 + 0.125 * (k % 7) });
      });
      const text = formatFannNet(net);
      const { inputs } = expected['mixed_4_8_5_3.net'];
      expect(maxError(importFannNet(text).outputs(inputs), fann.run!(text, inputs))).toBeLessThan(1e-5);
    });

    it('FANN computes the same outputs for scaled.net imported and exported again', () => {
      const exported = exportFannNet(importFannNet(read('scaled.net')));
      const { raw_inputs } = expected['scaled.net'];
      expect(maxError(fann.run!(exported, raw_inputs, { scaled: true }), fann.run!(read('scaled.net'), raw_inputs, { scaled: true }))).toBeLessThan(1e-4);
    });

    it.each(exportable)('FANN runs an exported bpnn model with %s layers as bpnn does, scaling included', (act) => {
      const model = bpnnModel(act, act === 'sigmoid' ? 'linear' : act);
      const got = fann.run!(exportFannNet(model), rawInputs, { scaled: true });
      // FANN computes in float32: compare relative to the targets' scale (20 and 3).
      const relative = got.map((row) => row.map((v, j) => v / model.targetScaler!.scale[j]));
      const wanted = model.outputs(rawInputs).toRows().map((row) => row.map((v, j) => v / model.targetScaler!.scale[j]));
      expect(maxError(relative, wanted)).toBeLessThan(1e-5);
    });
  });
});

describe('importFannNet refuses an input that is not text or bytes', () => {
  it('null is a DataError', () => {
    expect(() => importFannNet(null as never)).toThrow(new DataError('FANN .net: the FANN .net file must be text or bytes (a string or a Uint8Array), got null'));
  });
});
