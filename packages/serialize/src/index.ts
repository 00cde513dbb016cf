/**
 * @bpnn/serialize: everything between bytes and bpnn objects. It works on strings, bytes and
 * async iterables of chunks, never on paths: the apps own all I/O.
 */
export { readModel, readNetwork, writeModel, writeNetwork } from './model-file/bpnn-file.js';
export type { ReadOptions } from './model-file/bpnn-file.js';
export { readModelJson, readNetworkJson, writeModelJson, writeNetworkJson } from './model-file/model-json.js';
export { modelForTransfer, modelFromTransfer } from './model-file/model-transfer.js';
export type { ModelTransfer, TransferredModel } from './model-file/model-transfer.js';
export { FORMAT_VERSION, FileFormatError } from '@bpnn/core';
export { decodeSafetensors, encodeSafetensors, MAX_HEADER_LENGTH } from './model-file/safetensors.js';
export type { DecodeOptions, FloatDtype, Safetensors, Tensor } from './model-file/safetensors.js';
export { CREATED_BY, SERIALIZE_VERSION } from './model-file/version.js';
export { readCsvDataset } from './csv/csv.js';
export type { CsvDatasetOptions, CsvSource } from './csv/csv.js';
export { datasetOf, readCsvColumns } from './csv/csv-columns.js';
export type { CsvColumns, CsvColumnsOptions, CsvTargetColumn } from './csv/csv-columns.js';
export { readCsvBlocks, readCsvCategories } from './csv/csv-blocks.js';
export type { CsvBlock, CsvBlocksOptions, CsvBlocksSummary, CsvCategoriesOptions } from './csv/csv-blocks.js';
export { CategoriesFirstError } from './csv/csv-layout.js';
export { byteOrderMark, chunkDecoder, CSV_ENCODINGS, csvEncoding } from './csv/encoding.js';
export type { ChunkDecoder } from './csv/encoding.js';
export type { ChunkSource, ReadableStreamLike, ReadableStreamReaderLike } from './sources/chunks.js';
export { readCsvInputs } from './csv/csv-inputs.js';
export type { CsvInputs, CsvInputsOptions } from './csv/csv-inputs.js';
export { readFannData, writeFannData } from './fann/fann-data.js';
export type { FannDataOptions } from './fann/fann-data.js';
export type { TextSource } from './sources/text-lines.js';
export { importFannNet, exportFannNet } from './fann/fann-model.js';
export type { FannImportOptions } from './fann/fann-model.js';
export type { ImportedClasses } from './dense-layers.js';
export { parseFannNet, formatFannNet } from './fann/fann-net.js';
export type { FannNet, FannNeuron, FannConnection, FannScaling } from './fann/fann-net.js';
export { FANN_ACTIVATIONS } from './fann/fann-activations.js';
export type { FannActivation } from './fann/fann-activations.js';
export { importBrainJs } from './brainjs.js';
export type { BrainJsImportOptions } from './brainjs.js';
export { exportOnnx, ONNX_OPSET, ONNX_IR_VERSION } from './onnx/onnx.js';
export type { OnnxExportOptions } from './onnx/onnx.js';
export { decodeOnnxModel } from './onnx/onnx-proto.js';
export { exportJsFunction } from './javascript/js-function.js';
export type { JsFunctionOptions } from './javascript/js-function.js';
export { exportJsModule } from './javascript/js-module.js';
export type { JsModule, JsModuleFormat, JsModuleOptions } from './javascript/js-module.js';
