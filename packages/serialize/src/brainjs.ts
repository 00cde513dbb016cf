/**
 * brain.js `NeuralNetwork#toJSON()` files as bpnn Models (see INTERCHANGE.md).
 *
 * brain.js 1.x writes `layers` as objects of neurons, `{bias, weights: {previousNeuronKey: w}}`,
 * keyed by index or by the lookup keys of object inputs and outputs; 2.x writes
 * `type: "NeuralNetwork"` and `layers[l] = {weights: [neuron][input], biases: [neuron]}` with
 * `inputLookup`/`outputLookup` objects of key → index. Either way every layer, the output layer
 * too, computes a = f(bias + Σ w·a) with one activation f: sigmoid, relu, leaky-relu or tanh.
 * brain.js reads weights by position, so this does too, after checking that the keys line up.
 */
import { FormatError, show, type ActivationSpec, type DType, type Model } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import { modelFromLayers, numberedNames, type ImportedClasses, type ImportedLayer } from './dense-layers.js';
import { otherKind } from './file-kind.js';
import { fileInputProblem, isBytes } from './sources/file-input.js';

/** The options of {@link importBrainJs}. */
export interface BrainJsImportOptions {
  /** Names the file in errors, default "brain.js JSON". */
  source?: string;
  /**
   * brain.js 1.x's leaky-relu forward pass computes `sum < 0 ? 0 : alpha * sum` (its
   * `_runInputLeakyRelu`), which is not a leaky ReLU, and its outputs follow that. By default such
   * a file is refused. `'as-computed'` imports the function brain.js 1.x actually ran: since
   * α·max(z, 0) = max(α·z, 0) for α > 0, that is relu with each layer's weights and biases times α.
   */
  brainJs1LeakyRelu?: 'refuse' | 'as-computed';
  /** The network's dtype, default float64 (brain.js holds weights and activations in float32). */
  dtype?: DType;
  /** Read the outputs as classes: a classifier predicting the label of the largest output. */
  classes?: ImportedClasses;
}

type Json = Record<string, unknown>;

/** A Model computing what brain.js computes for this toJSON() output (text, bytes or parsed). */
export function importBrainJs(input: string | Uint8Array | object, options: BrainJsImportOptions = {}): Model {
  checkOptions(options, optionNames<BrainJsImportOptions>({ source: true, brainJs1LeakyRelu: true, dtype: true, classes: true }), 'importBrainJs');
  const source = options.source ?? 'brain.js JSON';
  const json = parse(input, source);
  const other = otherKind('', 'brainjs', json);
  if (other !== undefined) throw new FormatError(`${source}: is ${other.what}, not a brain.js network. ${other.read}`);
  if (!Array.isArray(json.sizes) || !Array.isArray(json.layers)) {
    throw new FormatError(`${source}: a brain.js NeuralNetwork toJSON() has "sizes" and "layers" arrays${json.type ? `; got type ${show(json.type)}` : ''}`);
  }
  const sizes = json.sizes.map((n, l) => {
    if (!Number.isInteger(n) || (n as number) < 1) throw new FormatError(`${source}: sizes[${l}] must be a whole number ≥ 1, got ${show(n)}`);
    return n as number;
  });
  if (sizes.length < 2 || json.layers.length !== sizes.length) {
    throw new FormatError(`${source}: sizes lists ${sizes.length} layers and layers holds ${json.layers.length}; both need the same count, at least 2`);
  }
  const version2 = json.type !== undefined;
  if (version2 && json.type !== 'NeuralNetwork') {
    throw new FormatError(`${source}: type ${show(json.type)} is not a brain.js NeuralNetwork (feed-forward); only those import`);
  }
  const { spec, alphaFold } = activationOf(json, version2, source, options);
  const read = version2 ? readVersion2(json, sizes, source) : readVersion1(json, sizes, source);
  const layers: ImportedLayer[] = read.layers.map(({ weight, bias }) => ({
    weight: weight.map((w) => w * alphaFold),
    bias: bias.map((b) => b * alphaFold),
    activation: spec,
  }));
  return modelFromLayers({ source, inputSize: sizes[0], layers, inputNames: read.inputNames, outputNames: read.outputNames, dtype: options.dtype, classes: options.classes });
}

function parse(input: string | Uint8Array | object, source: string): Json {
  const tag = Object.prototype.toString.call(input);
  if (tag.endsWith('Buffer]') || ArrayBuffer.isView(input)) { // bytes, or a buffer or view that is not the bytes this reader takes
    const problem = fileInputProblem(input, 'text or bytes');
    if (problem !== undefined) throw new FormatError(`${source}: the brain.js JSON ${problem}`);
  }
  if (typeof input === 'string' || isBytes(input)) {
    // A byte-order mark (Notepad's) is dropped from text as TextDecoder drops it from bytes.
    const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : new TextDecoder().decode(input);
    const other = otherKind(input, 'brainjs');
    if (other !== undefined) throw new FormatError(`${source}: is ${other.what}, not a brain.js network. ${other.read}`);
    try {
      input = JSON.parse(text) as object;
    } catch (error) {
      throw new FormatError(`${source}: not JSON (${(error as Error).message})`);
    }
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new FormatError(`${source}: must be a JSON object, got ${show(input)}`);
  return input as Json;
}

/** The activation brain.js runs on every layer, and the factor folded into weights and biases. */
function activationOf(json: Json, version2: boolean, source: string, options: BrainJsImportOptions): { spec: ActivationSpec; alphaFold: number } {
  const trainOpts = (json.trainOpts ?? {}) as Json;
  // 2.x runs trainOpts.activation (setActivation); 1.x keeps it at the top level.
  const name: unknown = (version2 ? (trainOpts.activation ?? (json.options as Json | undefined)?.activation) : json.activation) ?? 'sigmoid';
  const alpha = (version2 ? trainOpts.leakyReluAlpha : json.leakyReluAlpha) ?? 0.01;
  switch (name) {
    case 'sigmoid':
    case 'relu':
    case 'tanh':
      return { spec: name as ActivationSpec, alphaFold: 1 };
    case 'leaky-relu':
      if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
        throw new FormatError(`${source}: leakyReluAlpha must be a number between 0 and 1 (brain.js computes max(z, α·z)), got ${show(alpha)}`);
      }
      if (version2) return { spec: { name: 'leaky-relu', alpha }, alphaFold: 1 };
      if (options.brainJs1LeakyRelu === 'as-computed') return { spec: 'relu', alphaFold: alpha };
      throw new FormatError(
        `${source}: activation "leaky-relu" in a brain.js 1.x file: brain.js 1.x computes it as sum < 0 ? 0 : ${alpha}·sum (a defect of its _runInputLeakyRelu), not as a leaky ReLU, so a faithful leaky-relu import would not give the outputs brain.js gave. Pass brainJs1LeakyRelu: 'as-computed' to import what brain.js 1.x computed (relu with weights and biases times ${alpha}), or retrain with brain.js 2.x`,
      );
    default:
      throw new FormatError(`${source}: activation must be sigmoid, relu, leaky-relu or tanh (brain.js's four), got ${show(name)}`);
  }
}

interface ReadLayers {
  /** Per layer after the input: weight (n_l, n_{l+1}) row-major, bias (n_{l+1}). */
  layers: { weight: number[]; bias: number[] }[];
  inputNames: string[];
  outputNames: string[];
}

function finite(value: unknown, where: string, source: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FormatError(`${source}: ${where} must be a finite number, got ${show(value)}`);
  return value;
}

/** 1.x: layers[l][neuronKey] = {bias, weights: {previousKey: w}}; keys of layer 0 name the inputs. */
function readVersion1(json: Json, sizes: number[], source: string): ReadLayers {
  const keysOf = (l: number) => {
    const layer = (json.layers as unknown[])[l];
    if (layer === null || typeof layer !== 'object') throw new FormatError(`${source}: layers[${l}] must be an object of neurons`);
    const keys = Object.keys(layer);
    if (keys.length !== sizes[l]) throw new FormatError(`${source}: layers[${l}] has ${keys.length} neurons, sizes[${l}] = ${sizes[l]}`);
    return { layer: layer as Record<string, Json>, keys };
  };
  const layers: ReadLayers['layers'] = [];
  for (let l = 1; l < sizes.length; l++) {
    const previous = keysOf(l - 1).keys;
    const { layer, keys } = keysOf(l);
    const n = previous.length;
    const m = keys.length;
    const weight = new Array<number>(n * m);
    const bias = keys.map((key, j) => {
      const neuron = layer[key] ?? {};
      const weights = (neuron.weights ?? {}) as Json;
      const names = Object.keys(weights);
      if (names.join('\u0000') !== previous.join('\u0000')) {
        throw new FormatError(`${source}: layers[${l}][${JSON.stringify(key)}].weights has keys ${JSON.stringify(names)}, expected the neurons of layers[${l - 1}] in order: ${JSON.stringify(previous)}`);
      }
      names.forEach((name, i) => (weight[i * m + j] = finite(weights[name], `layers[${l}][${JSON.stringify(key)}].weights[${JSON.stringify(name)}]`, source)));
      return finite(neuron.bias, `layers[${l}][${JSON.stringify(key)}].bias`, source);
    });
    layers.push({ weight, bias });
  }
  // brain.js 1.x fromJSON: a lookup when the flag says so or when neuron "0" is missing.
  const named = (l: number, flag: unknown) => flag === true || !Object.hasOwn(keysOf(l).layer, '0');
  const last = sizes.length - 1;
  return {
    layers,
    inputNames: named(0, json.inputLookup) ? keysOf(0).keys : numberedNames('x', sizes[0]),
    outputNames: named(last, json.outputLookup) ? keysOf(last).keys : numberedNames('y', sizes[last]),
  };
}

/** 2.x: layers[l].weights[j][i] from input i to neuron j, layers[l].biases[j]; lookups key → index. */
function readVersion2(json: Json, sizes: number[], source: string): ReadLayers {
  const layers: ReadLayers['layers'] = [];
  for (let l = 1; l < sizes.length; l++) {
    const n = sizes[l - 1];
    const m = sizes[l];
    const layer = (json.layers as Json[])[l] ?? {};
    const rows = layer.weights;
    const biases = layer.biases;
    if (!Array.isArray(rows) || rows.length !== m || !Array.isArray(biases) || biases.length !== m) {
      throw new FormatError(`${source}: layers[${l}] must hold weights and biases for sizes[${l}] = ${m} neurons`);
    }
    rows.forEach((row, j) => {
      if (!Array.isArray(row) || row.length !== n) throw new FormatError(`${source}: layers[${l}].weights[${j}] must have sizes[${l - 1}] = ${n} values, got ${Array.isArray(row) ? row.length : show(row)}`);
    });
    const weight = new Array<number>(n * m); // (n, m): allocated once the rows hold n·m values, whatever sizes claims
    // index loops, not forEach or map, which skip an array's holes ([1, , 2] from a hand-edited file)
    for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) weight[i * m + j] = finite((rows[j] as unknown[])[i], `layers[${l}].weights[${j}][${i}]`, source);
    layers.push({ weight, bias: Array.from({ length: m }, (_, j) => finite(biases[j], `layers[${l}].biases[${j}]`, source)) });
  }
  const last = sizes.length - 1;
  return {
    layers,
    inputNames: lookupNames(json.inputLookup, sizes[0], 'inputLookup', source) ?? numberedNames('x', sizes[0]),
    outputNames: lookupNames(json.outputLookup, sizes[last], 'outputLookup', source) ?? numberedNames('y', sizes[last]),
  };
}

/** {key: index} → names in index order, checked to be a permutation of 0 … width − 1. */
function lookupNames(lookup: unknown, width: number, field: string, source: string): string[] | undefined {
  if (lookup === null || lookup === undefined) return undefined;
  const names = new Array<string>(width);
  const entries = Object.entries(lookup as Json);
  for (const [key, index] of entries) {
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= width || names[index as number] !== undefined) {
      throw new FormatError(`${source}: ${field}[${JSON.stringify(key)}] must be a distinct index from 0 to ${width - 1}, got ${show(index)}`);
    }
    names[index as number] = key;
  }
  if (entries.length !== width) throw new FormatError(`${source}: ${field} names ${entries.length} columns, the layer has ${width}`);
  return names;
}
