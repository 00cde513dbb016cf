/**
 * A Model as an ONNX model (opset 13) that takes raw features and gives the model's outputs:
 * input (N, n_0) → for a model that fills missing values, Where(IsNaN(input), fill, input) (a NaN
 * takes its training mean, as core's fill) → Sub offset, Div scale (the input scaler, as core's scale()) → per layer
 * Gemm(a, W, b) with W (n_l, n_{l+1}) as stored, then the activation (onnx-activations.ts) →
 * for regression with a target scaler, Mul scale, Add offset (core's unscale()) → output (N, n_L).
 * Column names, output names and class labels travel in metadata_props.
 */
import type { Model } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import { denseLayers, isIdentity } from '../dense-layers.js';
import { onnxActivation } from './onnx-activations.js';
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
}

/** The ONNX opset the graph uses. */
export const ONNX_OPSET = 13;
/** IR version 7 goes with opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;

/** The .onnx bytes of a model: raw features in ("input"), the model's outputs out ("output"). */
export function exportOnnx(model: Model, options: OnnxExportOptions = {}): Uint8Array {
  checkOptions(options, optionNames<OnnxExportOptions>({ dtype: true, name: true, producerVersion: true }), 'exportOnnx');
  const dtype = options.dtype ?? model.network.dtype;
  const floatType: OnnxFloatType = dtype === 'float32' ? ONNX_TYPES.FLOAT : ONNX_TYPES.DOUBLE;
  const graph = new OnnxGraph(floatType);
  const layers = denseLayers(model);
  const n0 = model.network.inputSize;
  const nL = model.network.outputSize;

  let a = 'input'; // (N, n_0)
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

  const tensor = (name: string, width: number) => ({
    name,
    type: { tensorType: { elemType: floatType, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } },
  });
  const metadata: Record<string, string> = {
    task: model.task,
    input_names: JSON.stringify(model.inputNames),
    output_names: JSON.stringify(model.task === 'classification' ? model.labels : model.targetNames),
    target_names: JSON.stringify(model.targetNames),
  };
  return encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'bpnn',
    producerVersion: options.producerVersion ?? '0',
    docString: `bpnn ${model.task} model: inputs ${model.inputNames.join(', ')} (raw, scaled inside${model.fill === undefined ? '' : '; NaN takes its training mean'}); outputs ${JSON.parse(metadata.output_names).join(', ')}`,
    graph: {
      name: options.name ?? 'bpnn',
      node: graph.nodes,
      initializer: graph.initializers,
      input: [tensor('input', n0)],
      output: [tensor('output', nL)],
    },
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
}
