/**
 * @bpnn/serialize: everything between bytes and bpnn objects. It works on strings, bytes and
 * async iterables of chunks, never on paths: the apps own all I/O.
 */
export { readCsvDataset } from './csv.js';
export type { CsvDatasetOptions, CsvSource } from './csv.js';
export { importFannNet, exportFannNet } from './fann-model.js';
export type { FannImportOptions } from './fann-model.js';
export { parseFannNet, formatFannNet } from './fann-net.js';
export type { FannNet, FannNeuron, FannConnection, FannScaling } from './fann-net.js';
export { FANN_ACTIVATIONS } from './fann-activations.js';
export type { FannActivation } from './fann-activations.js';
export { importBrainJs } from './brainjs.js';
export type { BrainJsImportOptions } from './brainjs.js';
export { exportOnnx, ONNX_OPSET, ONNX_IR_VERSION } from './onnx.js';
export type { OnnxExportOptions } from './onnx.js';
export { decodeOnnxModel } from './onnx-proto.js';
export { exportJsFunction } from './js-function.js';
export type { JsFunctionOptions } from './js-function.js';
