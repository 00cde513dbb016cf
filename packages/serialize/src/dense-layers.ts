/**
 * A network seen as its dense layers, which is how every interchange format stores it: for each
 * layer l, weights W (n_l, n_{l+1}) row-major, biases b (n_{l+1}) and the activation of layer l+1.
 * `denseLayers` reads a Model's network that way; `modelFromLayers` builds a Model from it.
 */
import {
  ConfigError,
  dtypeRange,
  finiteIn,
  FormatError,
  Model,
  Network,
  show,
  type Activation,
  type ActivationSpec,
  type DType,
  type FloatArray,
  type Scaler,
} from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';

export interface DenseLayer {
  /** n_l: neurons feeding in. */
  inputs: number;
  /** n_{l+1}: neurons of the layer. */
  outputs: number;
  /** (inputs, outputs) row-major: weight[i * outputs + j] connects input i to neuron j. */
  weight: FloatArray;
  /** (outputs) */
  bias: FloatArray;
  activation: Activation;
}

/** The layers of a model's network, as views of its parameters (no copy). */
export function denseLayers(model: Model): DenseLayer[] {
  const network = model.network;
  const params = network.parameters();
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < network.layers.length; l++) {
    const weight = params.find((p) => p.name === `layers.${l}.weight`)!;
    const bias = params.find((p) => p.name === `layers.${l}.bias`)!;
    layers.push({
      inputs: network.layers[l],
      outputs: network.layers[l + 1],
      weight: weight.value,
      bias: bias.value,
      activation: network.activations[l],
    });
  }
  return layers;
}

export interface ImportedLayer {
  /** (inputs, outputs) row-major, as in DenseLayer. */
  weight: ArrayLike<number>;
  /** (outputs) */
  bias: ArrayLike<number>;
  activation: ActivationSpec;
}

export interface ImportedModelParts {
  /** The file's name, for errors. */
  source: string;
  /** n_0: the number of inputs. */
  inputSize: number;
  layers: ImportedLayer[];
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputScaler?: Scaler;
  targetScaler?: Scaler;
  dtype?: DType;
  /** The outputs read as classes instead (see ImportedClasses). */
  classes?: ImportedClasses;
}

/**
 * Outputs read as the scores of classes: the model is a classifier whose prediction is the label
 * of the largest output. The formats cannot say so themselves; the importer's caller does.
 */
export interface ImportedClasses {
  /** The name of the class column (what a data set's target column is called), default "class". */
  target?: string;
  /** One label per output, in output order. */
  labels: readonly string[];
}

/**
 * A Model trained elsewhere, with mse loss, the given layers and no scaling unless a scaler is
 * given: a regression model whose outputs are named by outputNames, or with `classes` a classifier.
 */
export function modelFromLayers(parts: ImportedModelParts): Model {
  const sizes = [parts.inputSize, ...parts.layers.map((layer) => layer.bias.length)];
  const dtype = parts.dtype ?? 'float64';
  const params: number[] = [];
  parts.layers.forEach((layer, l) => checkHeld(layer, l, dtype, parts.source));
  for (const layer of parts.layers) {
    for (let k = 0; k < layer.weight.length; k++) params.push(layer.weight[k]);
    for (let k = 0; k < layer.bias.length; k++) params.push(layer.bias[k]);
  }
  const network = Network.fromParameters(
    { layers: sizes, activations: parts.layers.map((layer) => layer.activation), loss: 'mse', dtype },
    params,
  );
  const inputScaler = parts.inputScaler ?? identityScaler(parts.inputSize);
  const outputs = sizes[sizes.length - 1];
  if (parts.classes !== undefined) {
    checkOptions(parts.classes, optionNames<ImportedClasses>({ target: true, labels: true }), 'classes', 'classes');
    const { labels, target = 'class' } = parts.classes;
    checkLabels(labels, outputs);
    if (!isIdentity(parts.targetScaler)) {
      throw new ConfigError('labels', 'cannot be given for a network whose outputs are scaled (its file holds output scaling): the scaled outputs are values, not class scores');
    }
    return new Model({ task: 'classification', network, inputNames: parts.inputNames, targetNames: [target], inputScaler, labels });
  }
  return new Model({
    task: 'regression',
    network,
    inputNames: parts.inputNames,
    targetNames: parts.outputNames,
    inputScaler,
    // A model file holds a target scaler for every regression model: none means the identity.
    targetScaler: parts.targetScaler ?? identityScaler(outputs),
  });
}

function checkLabels(labels: readonly string[], outputs: number): void {
  if (labels.length !== outputs) {
    throw new ConfigError('labels', `must name each of the network's ${outputs} outputs, got ${labels.length} (${labels.map((l) => JSON.stringify(l)).join(', ')})`);
  }
  const seen = new Set<string>();
  for (const label of labels) {
    if (typeof label !== 'string' || label === '') throw new ConfigError('labels', `must be non-empty strings, got ${JSON.stringify(label)}`);
    if (seen.has(label)) throw new ConfigError('labels', `must be distinct, got ${JSON.stringify(label)} twice`);
    seen.add(label);
  }
}

/** x′ = x: the scaler of a model whose inputs need no scaling. */
export function identityScaler(width: number): Scaler {
  return { kind: 'none', offset: new Array<number>(width).fill(0), scale: new Array<number>(width).fill(1) };
}

/** True when a scaler leaves every column as it is. */
export function isIdentity(scaler: Scaler | undefined): boolean {
  return scaler === undefined || (scaler.offset.every((o) => o === 0) && scaler.scale.every((s) => s === 1));
}

/** `x0, x1, …`: names for columns a format leaves unnamed. */
export function numberedNames(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/**
 * A layer's weights and biases held in `dtype` as the file has them: a float32 import of a file
 * written in float64 (FANN's double build, brain.js) refuses a value beyond float32's range, which
 * float32 would hold as ±Infinity (so predictions NaN), naming the layer and the value.
 */
function checkHeld(layer: ImportedLayer, l: number, dtype: DType, source: string): void {
  for (const [kind, values] of [['weight', layer.weight], ['bias', layer.bias]] as const) {
    for (let k = 0; k < values.length; k++) {
      if (finiteIn(values[k], dtype)) continue;
      if (typeof values[k] !== 'number' || !Number.isFinite(values[k])) throw new FormatError(`${source}: layer ${l + 1}'s ${kind} values must be finite numbers, got ${show(values[k])}`);
      const where = kind === 'weight' ? `weight [${Math.floor(k / layer.bias.length)}][${k % layer.bias.length}] (inputs, outputs)` : `bias [${k}]`;
      throw new FormatError(`${source}: layer ${l + 1}'s ${where} is ${show(values[k])}, beyond ${dtypeRange(dtype)}: import it with dtype: 'float64'`);
    }
  }
}
