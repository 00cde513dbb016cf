/**
 * FANN networks as bpnn Models, both ways (see INTERCHANGE.md).
 *
 * A layered FANN network (network_type=0) ends every layer with a bias neuron whose output is 1;
 * its connection to neuron j is bpnn's bias b[j]. Each neuron computes f(s·z) (fann_run); bpnn
 * folds the steepness s into that neuron's weights and bias (fann-activations.ts), so an imported
 * network computes what FANN computes, with one exception: FANN clamps s·z to ±150/s before f,
 * which only matters for f that do not saturate there (linear, elliot, sin, cos).
 * Stored scaling (scale_included=1, what fann_scale_input and fann_descale_output apply) becomes
 * the model's input scaler and target scaler.
 */
import { DataError, FormatError, type DType, type Model } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import { denseLayers, modelFromLayers, numberedNames, type ImportedClasses, type ImportedLayer } from '../dense-layers.js';
import { fannActivationByCode, fannActivationFor } from './fann-activations.js';
import { formatFannNet, parseFannNet, type FannConnection, type FannNet, type FannNeuron } from './fann-net.js';
import { exportScaling, importScaling } from './fann-scaling.js';
import { checkModel } from '../model-argument.js';
import { fileInputProblem } from '../sources/file-input.js';
import { otherKind } from '../file-kind.js';

/** The options of {@link importFannNet}. */
export interface FannImportOptions {
  /** Names the file in errors, default "FANN .net". */
  source?: string;
  /** Input column names, default x0, x1, … */
  inputNames?: readonly string[];
  /** Output names, default y0, y1, … */
  outputNames?: readonly string[];
  /** The network's dtype, default float64 (FANN's float build computes in float32). */
  dtype?: DType;
  /** Read the outputs as classes: a classifier predicting the label of the largest output. */
  classes?: ImportedClasses;
}

/** A Model that computes what FANN computes for the network in this .net text (or its bytes). */
export function importFannNet(input: string | Uint8Array, options: FannImportOptions = {}): Model {
  checkOptions(options, optionNames<FannImportOptions>({ source: true, inputNames: true, outputNames: true, dtype: true, classes: true }), 'importFannNet');
  const source = options.source ?? 'FANN .net';
  const problem = fileInputProblem(input, 'text or bytes');
  if (problem !== undefined) throw new DataError(`${source}: the FANN .net file ${problem}`);
  const other = otherKind(input, 'fann-net');
  if (other !== undefined) throw new FormatError(`${source}: is ${other.what}, not a FANN network (.net). ${other.read}`);
  const net = parseFannNet(typeof input === 'string' ? input : new TextDecoder().decode(input), source);
  if (net.networkType !== 0) {
    throw new FormatError(`${source}: network_type=${net.networkType} has shortcut connections (every layer feeds all later layers, as cascade training builds); a bpnn network is layered (network_type=0)`);
  }
  if (net.layerSizes.length < 2) throw new FormatError(`${source}: num_layers must be at least 2 (inputs and outputs), got ${net.layerSizes.length}`);
  const sizes = net.layerSizes.map((n, l) => {
    if (n < 2) throw new FormatError(`${source}: layer_sizes[${l}] must count at least one neuron and the bias neuron, got ${n}`);
    return n - 1; // every layer of a layered FANN network, the output layer too, ends with a bias neuron
  });
  const total = net.layerSizes.reduce((a, b) => a + b, 0);
  if (net.neurons.length !== total) throw new FormatError(`${source}: layer_sizes count ${total} neurons, the neurons field lists ${net.neurons.length}`);
  const expected = net.neurons.reduce((sum, n) => sum + n.inputs, 0);
  if (net.connections.length !== expected) {
    throw new FormatError(`${source}: the neurons need ${expected} connections, the connections field lists ${net.connections.length}`);
  }

  const layers: ImportedLayer[] = [];
  let first = net.layerSizes[0]; // index of the first neuron of the current layer
  let previous = 0; // index of the first neuron of the layer before
  let connection = 0;
  checkInputLayer(net.neurons.slice(0, first), source);
  for (let l = 1; l < sizes.length; l++) {
    const n = sizes[l - 1];
    const m = sizes[l];
    const neurons = net.neurons.slice(first, first + m + 1);
    const code = layerActivation(neurons.slice(0, m), l, first, source);
    const weight = new Float64Array(n * m); // (n, m)
    const bias = new Float64Array(m); // (m)
    neurons.slice(0, m).forEach((neuron, j) => {
      const index = first + j;
      if (neuron.inputs !== n + 1) {
        throw new FormatError(`${source}: neuron ${index} (layer ${l}) has ${neuron.inputs} connections, a fully connected layer needs ${n + 1} (the ${n} neurons of layer ${l - 1} and its bias neuron); sparse networks (connection_rate=${net.connectionRate}) have no bpnn equivalent`);
      }
      if (!(neuron.steepness > 0)) throw new FormatError(`${source}: neuron ${index} has activation_steepness ${neuron.steepness}; it must be > 0`);
      const fold = fannActivationByCode(code)!.fold(neuron.steepness);
      const from = neuronConnections(net.connections.slice(connection, connection + n + 1), { index, l, previous, first: connection }, source);
      connection += n + 1;
      from.forEach((w, i) => {
        if (i < n) weight[i * m + j] = fold * w;
        else bias[j] = fold * w;
      });
    });
    if (neurons[m].inputs !== 0) throw new FormatError(`${source}: neuron ${first + m}, the bias neuron of layer ${l}, must have 0 connections, got ${neurons[m].inputs}`);
    layers.push({ weight, bias, activation: fannActivationByCode(code)!.bpnn as ImportedLayer['activation'] });
    previous = first;
    first += m + 1;
  }
  const inputNames = options.inputNames ?? numberedNames('x', sizes[0]);
  const outputNames = options.outputNames ?? numberedNames('y', sizes[sizes.length - 1]);
  const scalers = net.scaling && importScaling(net.scaling, sizes[0], sizes[sizes.length - 1], source);
  return modelFromLayers({ source, inputSize: sizes[0], layers, inputNames, outputNames, ...scalers, dtype: options.dtype, classes: options.classes });
}

/**
 * The weights of one neuron's n + 1 connections by the neuron they come from (the n neurons of the
 * layer below, then its bias neuron). FANN lists a neuron's connections in any order (a sparse
 * network's, even when every connection is there, come in random order) and sums them as listed;
 * each neuron of the layer below must appear once.
 */
function neuronConnections(connections: FannConnection[], at: { index: number; l: number; previous: number; first: number }, source: string): number[] {
  const weights = new Array<number | undefined>(connections.length).fill(undefined);
  const last = at.previous + connections.length - 1;
  connections.forEach((c, k) => {
    const i = c.from - at.previous;
    if (i < 0 || i >= connections.length) {
      throw new FormatError(`${source}: connection ${at.first + k} of neuron ${at.index} comes from neuron ${c.from}; a layered network connects it to layer ${at.l - 1} (neurons ${at.previous} to ${last}, ${last} its bias neuron)`);
    }
    if (weights[i] !== undefined) {
      throw new FormatError(`${source}: connection ${at.first + k} of neuron ${at.index} comes from neuron ${c.from} again; a layered network connects each neuron of layer ${at.l - 1} (neurons ${at.previous} to ${last}) once`);
    }
    weights[i] = c.weight;
  });
  return weights as number[];
}

function checkInputLayer(neurons: FannNeuron[], source: string): void {
  neurons.forEach((neuron, k) => {
    if (neuron.inputs !== 0) throw new FormatError(`${source}: neuron ${k} is in the input layer and must have 0 connections, got ${neuron.inputs}`);
  });
}

/** The one activation code of a layer's neurons (bias neuron excluded), or an error naming them. */
function layerActivation(neurons: FannNeuron[], l: number, first: number, source: string): number {
  const byCode = new Map<number, number[]>();
  neurons.forEach((neuron, j) => byCode.set(neuron.activation, [...(byCode.get(neuron.activation) ?? []), first + j]));
  if (byCode.size > 1) {
    const list = [...byCode].map(([code, indices]) => `neurons ${indices.join(', ')} use ${fannActivationByCode(code)?.fannName ?? code}`).join('; ');
    throw new FormatError(`${source}: layer ${l} mixes activation functions (${list}); a bpnn layer has one activation`);
  }
  const code = neurons[0].activation;
  const known = fannActivationByCode(code);
  if (known === undefined) throw new FormatError(`${source}: layer ${l} (neuron ${first}) has activation_function ${code}, which FANN does not define (0 to 19)`);
  if (typeof known.bpnn !== 'string') throw new FormatError(`${source}: layer ${l} uses ${known.fannName}: ${known.bpnn.refused}`);
  return code;
}

/**
 * The .net text (FANN_FLO_2.1) of a model, which FANN 2.2 runs: each activation at the steepness
 * for which FANN's f(s·z) is bpnn's f(z) (sigmoid at 0.5, the rest at 1), so weights are copied
 * exactly. Input and target scaling are stored (scale_included=1): with FANN, call fann_scale_input
 * before fann_run and fann_descale_output after it. Activations FANN 2.2 lacks are refused.
 */
export function exportFannNet(model: Model): string {
  checkModel(model, 'exportFannNet');
  const layers = denseLayers(model);
  const codes = layers.map((layer, l) => {
    const fann = fannActivationFor(layer.activation.name);
    if (fann === undefined) {
      throw new FormatError(`FANN export: layer ${l + 1} uses ${layer.activation.name}, which FANN 2.2 does not compute (it has linear, sigmoid, tanh as sigmoid_symmetric, elliot, gaussian, sin, cos, linear_piece, threshold and their variants)`);
    }
    if (Object.keys(layer.activation.params).length > 0) {
      throw new FormatError(`FANN export: layer ${l + 1} uses ${layer.activation.name} with parameters ${JSON.stringify(layer.activation.params)}, which FANN cannot hold`);
    }
    return fann;
  });
  const sizes = [layers[0].inputs, ...layers.map((layer) => layer.outputs)];
  const neurons: FannNeuron[] = Array.from({ length: sizes[0] + 1 }, () => ({ inputs: 0, activation: 0, steepness: 0 }));
  const connections: FannConnection[] = [];
  let previous = 0;
  layers.forEach((layer, l) => {
    const { code, exportSteepness: steepness } = codes[l];
    for (let j = 0; j < layer.outputs; j++) {
      neurons.push({ inputs: layer.inputs + 1, activation: code, steepness });
      for (let i = 0; i < layer.inputs; i++) connections.push({ from: previous + i, weight: layer.weight[i * layer.outputs + j] });
      connections.push({ from: previous + layer.inputs, weight: layer.bias[j] });
    }
    neurons.push({ inputs: 0, activation: code, steepness }); // the layer's bias neuron
    previous += sizes[l] + 1;
  });
  const net: FannNet = {
    version: 'FANN_FLO_2.1',
    connectionRate: 1,
    networkType: 0,
    layerSizes: sizes.map((n) => n + 1),
    scaling: exportScaling(model),
    neurons,
    connections,
  };
  return formatFannNet(net);
}
