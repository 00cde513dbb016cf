/**
 * ONNX's protobuf messages, encoded and decoded by protobufjs from the official schema
 * (src/onnx/onnx-schema.ts, generated from schema/onnx.proto). Field names are protobufjs's camelCase
 * of the schema's (ir_version → irVersion).
 */
import protobuf from 'protobufjs/light.js';
import { DataError, FormatError } from '@bpnn/core';
import { ONNX_SCHEMA } from './onnx-schema.js';
import { fileInputProblem } from '../sources/file-input.js';

const root = protobuf.Root.fromJSON(ONNX_SCHEMA);
const ModelProto = root.lookupType('onnx.ModelProto');

/** TensorProto.DataType values used here. */
export const ONNX_TYPES = { FLOAT: 1, INT64: 7, STRING: 8, BOOL: 9, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values used here. */
export const ONNX_ATTRIBUTE_TYPES = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7, STRINGS: 8 } as const;

/** Encodes a ModelProto given as a plain object; the schema is checked first. */
export function encodeOnnxModel(model: Record<string, unknown>): Uint8Array {
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`internal error: not an onnx.ModelProto: ${problem}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Decodes ModelProto bytes to a plain object (int64 as numbers, bytes as Uint8Array). */
export function decodeOnnxModel(bytes: Uint8Array): Record<string, unknown> {
  const problem = fileInputProblem(bytes, 'bytes');
  if (problem !== undefined) throw new DataError(`the .onnx file ${problem}`);
  let decoded;
  try {
    decoded = ModelProto.decode(bytes);
  } catch (error) {
    // protobufjs's own errors ("illegal tag", "index out of range") say where the bytes went wrong.
    throw new FormatError(`not an ONNX model (an onnx.ModelProto): ${error instanceof Error ? error.message : String(error)}`);
  }
  return ModelProto.toObject(decoded, { longs: Number, defaults: false }) as Record<string, unknown>;
}
