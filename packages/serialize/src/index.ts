/**
 * @bpnn/serialize: everything between bytes and bpnn objects. It works on strings, bytes and
 * async iterables of chunks, never on paths: the apps own all I/O.
 */
export { readModel, readNetwork, writeModel, writeNetwork } from './bpnn-file.js';
export type { ReadOptions } from './bpnn-file.js';
export { readModelJson, readNetworkJson, writeModelJson, writeNetworkJson } from './model-json.js';
export { modelForTransfer, modelFromTransfer } from './model-transfer.js';
export type { ModelTransfer, TransferredModel } from './model-transfer.js';
export { FORMAT_VERSION, FileFormatError } from '@bpnn/core';
export { decodeSafetensors, encodeSafetensors, MAX_HEADER_LENGTH } from './safetensors.js';
export type { DecodeOptions, FloatDtype, Safetensors, Tensor } from './safetensors.js';
export { CREATED_BY, SERIALIZE_VERSION } from './version.js';
export { readCsvDataset } from './csv.js';
export type { CsvDatasetOptions, CsvSource } from './csv.js';
export { datasetOf, readCsvColumns } from './csv-columns.js';
export type { CsvColumns, CsvColumnsOptions, CsvTargetColumn } from './csv-columns.js';
export { readCsvBlocks, readCsvCategories } from './csv-blocks.js';
export type { CsvBlock, CsvBlocksOptions, CsvBlocksSummary, CsvCategoriesOptions } from './csv-blocks.js';
export { CategoriesFirstError } from './csv-table.js';
export type { ChunkSource, ReadableStreamLike, ReadableStreamReaderLike } from './chunks.js';
export { readCsvInputs } from './csv-inputs.js';
export type { CsvInputs, CsvInputsOptions } from './csv-inputs.js';
export { readFannData, writeFannData } from './fann-data.js';
export type { FannDataOptions } from './fann-data.js';
export type { TextSource } from './text-lines.js';
export { importFannNet, exportFannNet } from './fann-model.js';
export type { FannImportOptions } from './fann-model.js';
export type { ImportedClasses } from './dense-layers.js';
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
export { exportJsModule } from './js-module.js';
export type { JsModule, JsModuleFormat, JsModuleOptions } from './js-module.js';
