/**
 * A Model as an ONNX model (opset 13) that takes raw features and gives the model's outputs:
 * input (N, n_0) → for a model that fills missing values, Where(IsNaN(input), fill, input) (a NaN
 * takes its training mean, as core's fill) → Sub offset, Div scale (the input scaler, as core's scale()) → per layer
 * Gemm(a, W, b) with W (n_l, n_{l+1}) as stored, then the activation (onnx-activations.ts) →
 * for regression with a target scaler, Mul scale, Add offset (core's unscale()) → output (N, n_L).
 * Column names, output names and class labels travel in metadata_props. With categories:
 * 'strings', the columns come in as onnx-categories.ts says and are encoded before the scaling.
 */
import type { Model } from '@bpnn/core';
import { checkOptions, ConfigError, optionNames, show } from '@bpnn/core';
import { checkModel } from '../model-argument.js';
import { denseLayers, isIdentity } from '../dense-layers.js';
import { onnxActivation } from './onnx-activations.js';
import { columnInputs, ONNX_ML_DOMAIN, type GraphInput } from './onnx-categories.js';
import { OnnxGraph, type OnnxFloatType } from './onnx-graph.js';
import { encodeOnnxModel, ONNX_TYPES } from './onnx-proto.js';

/** The options of {@link exportOnnx}. */
export interface OnnxExportOptions {
  /**
   * The tensors' type: 'float32' → FLOAT, 'float64' → DOUBLE. Default: the network's dtype, so a
   * float64 model keeps its numbers exactly. Many runtimes and accelerators handle only FLOAT:
   * pass 'float32' to convert a float64 model (outputs then agree to about 1e-6 relative).
   */
  dtype?: 'float32' | 'float64';
  /** The graph's name, default "bpnn". */
  name?: string;
  /** Written as producer_version, default "0". */
  producerVersion?: string;
  /**
   * How the graph takes a model's columns of categories: 'one-hot' (default), as the network does,
   * one 0/1 input per category in "input"; 'strings', each column as a tensor of strings
   * "input.<column>" (N, 1) beside "input" (N, k) of the numeric columns (onnx-categories.ts).
   */
  categories?: 'one-hot' | 'strings';
}

/** The ONNX opset the graph uses. */
export const ONNX_OPSET = 13;
/** The ai.onnx.ml opset of OneHotEncoder, with `categories: 'strings'`. */
export const ONNX_ML_OPSET = 1;
/** IR version 7 goes with opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;

/** The .onnx bytes of a model: raw features in ("input"), the model's outputs out ("output"). */
export function exportOnnx(model: Model, options: OnnxExportOptions = {}): Uint8Array {
  checkOptions(options, optionNames<OnnxExportOptions>({ dtype: true, name: true, producerVersion: true, categories: true }), 'exportOnnx');
  checkModel(model, 'exportOnnx');
  if (options.dtype !== undefined && options.dtype !== 'float32' && options.dtype !== 'float64') throw new ConfigError('dtype', `must be float32 or float64, got ${show(options.dtype)}`);
  for (const field of ['name', 'producerVersion'] as const) {
    if (options[field] !== undefined && typeof options[field] !== 'string') throw new ConfigError(field, `must be a string, got ${show(options[field])}`);
  }
  const categories = options.categories ?? 'one-hot';
  if (categories !== 'one-hot' && categories !== 'strings') throw new ConfigError('categories', `must be one-hot or strings, got ${show(categories)}`);
  const strings = categories === 'strings' && model.categorical.length > 0;
  const dtype = options.dtype ?? model.network.dtype;
  const floatType: OnnxFloatType = dtype === 'float32' ? ONNX_TYPES.FLOAT : ONNX_TYPES.DOUBLE;
  const graph = new OnnxGraph(floatType);
  const layers = denseLayers(model);
  const n0 = model.network.inputSize;
  const nL = model.network.outputSize;

  const columns = strings ? columnInputs(graph, model) : undefined;
  let a = columns?.encoded ?? 'input'; // (N, n_0)
  if (model.fill !== undefined) {
    const missing = graph.node('IsNaN', [a]);
    a = graph.node('Where', [missing, graph.constant('input_fill', model.fill, [n0]), a]);
  }
  if (!isIdentity(model.inputScaler)) {
    const centred = graph.node('Sub', [a, graph.constant('input_offset', model.inputScaler.offset, [n0])]);
    a = graph.node('Div', [centred, graph.constant('input_scale', model.inputScaler.scale, [n0])]);
  }
  layers.forEach((layer, l) => {
    const weight = graph.constant(`layers.${l}.weight`, layer.weight, [layer.inputs, layer.outputs]); // (n_l, n_{l+1})
    const bias = graph.constant(`layers.${l}.bias`, layer.bias, [layer.outputs]); // (n_{l+1})
    const z = graph.node('Gemm', [a, weight, bias], {}, `z${l + 1}`); // (N, n_{l+1})
    a = onnxActivation(graph, layer.activation, z, l + 1);
  });
  if (model.targetScaler !== undefined && !isIdentity(model.targetScaler)) {
    const scaled = graph.node('Mul', [a, graph.constant('target_scale', model.targetScaler.scale, [nL])]);
    a = graph.node('Add', [scaled, graph.constant('target_offset', model.targetScaler.offset, [nL])]);
  }
  graph.node('Identity', [a], {}, 'output');

  const tensor = ({ name, elemType, width }: GraphInput) => ({
    name,
    type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } },
  });
  const metadata: Record<string, string> = {
    task: model.task,
    input_names: JSON.stringify(model.inputNames),
    output_names: JSON.stringify(model.task === 'classification' ? model.labels : model.targetNames),
    target_names: JSON.stringify(model.targetNames),
    ...(strings && { input_columns: JSON.stringify(model.inputColumns), categorical: JSON.stringify(model.categorical) }),
  };
  return encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }, ...(strings ? [{ domain: ONNX_ML_DOMAIN, version: ONNX_ML_OPSET }] : [])],
    producerName: 'bpnn',
    producerVersion: options.producerVersion ?? '0',
    docString: `bpnn ${model.task} model: inputs ${strings ? `${model.inputColumns.join(', ')} (numbers in "input", each column of categories a string in "input.<column>")` : model.inputNames.join(', ')} (raw, scaled inside${model.fill === undefined ? '' : '; NaN takes its training mean'}); outputs ${JSON.parse(metadata.output_names).join(', ')}`,
    graph: {
      name: options.name ?? 'bpnn',
      node: graph.nodes,
      initializer: graph.initializers,
      input: (columns?.inputs ?? [{ name: 'input', elemType: floatType, width: n0 }]).map(tensor),
      output: [tensor({ name: 'output', elemType: floatType, width: nL })],
    },
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
}
