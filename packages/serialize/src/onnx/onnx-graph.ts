/**
 * A small builder of an ONNX graph: nodes in topological order and constant tensors
 * (initializers), the numbers all of one float type (FLOAT or DOUBLE), beside int64 indices and
 * shapes, as plain onnx.proto objects.
 */
import { dtypeRange, finiteIn, FormatError } from '@bpnn/core';
import { ONNX_ATTRIBUTE_TYPES, ONNX_TYPES } from './onnx-proto.js';

export type OnnxFloatType = typeof ONNX_TYPES.FLOAT | typeof ONNX_TYPES.DOUBLE;

export type OnnxAttributes = Record<string, { float: number } | { int: number } | { ints: number[] } | { string: string } | { strings: readonly string[] }>;

const utf8 = (text: string) => new TextEncoder().encode(text);

/** An attribute as AttributeProto holds it (strings as UTF-8 bytes). */
function attributeProto(name: string, value: OnnxAttributes[string]): Record<string, unknown> {
  if ('float' in value) return { name, type: ONNX_ATTRIBUTE_TYPES.FLOAT, f: value.float };
  if ('int' in value) return { name, type: ONNX_ATTRIBUTE_TYPES.INT, i: value.int };
  if ('ints' in value) return { name, type: ONNX_ATTRIBUTE_TYPES.INTS, ints: value.ints };
  if ('string' in value) return { name, type: ONNX_ATTRIBUTE_TYPES.STRING, s: utf8(value.string) };
  return { name, type: ONNX_ATTRIBUTE_TYPES.STRINGS, strings: value.strings.map(utf8) };
}

export class OnnxGraph {
  readonly nodes: Record<string, unknown>[] = [];
  readonly initializers: Record<string, unknown>[] = [];
  private readonly scalars = new Map<number, string>();

  constructor(readonly floatType: OnnxFloatType) {}

  /**
   * A constant tensor of the graph's float type; returns its name. In FLOAT, a number beyond
   * float32's range, which would be ±Infinity there, is a FormatError naming the tensor and index.
   */
  constant(name: string, values: ArrayLike<number>, dims: number[]): string {
    const width = this.floatType === ONNX_TYPES.FLOAT ? 4 : 8;
    const rawData = new Uint8Array(values.length * width);
    const view = new DataView(rawData.buffer);
    for (let k = 0; k < values.length; k++) {
      if (width === 4 && !finiteIn(values[k], 'float32') && Number.isFinite(values[k])) {
        const index = dims.length === 2 ? `[${Math.floor(k / dims[1])}][${k % dims[1]}]` : dims.length === 1 ? `[${k}]` : '';
        throw new FormatError(`ONNX export: ${name}${index} is ${values[k]}, beyond ${dtypeRange('float32')}, which FLOAT would hold as ${values[k] > 0 ? '' : '-'}Infinity; export as DOUBLE (dtype: 'float64', --dtype float64)`);
      }
      if (width === 4) view.setFloat32(k * width, values[k], true); // ONNX raw_data is little-endian
      else view.setFloat64(k * width, values[k], true);
    }
    this.initializers.push({ name, dataType: this.floatType, dims, rawData });
    return name;
  }

  /** A constant tensor of int64 (indices, shapes); returns its name. */
  int64Constant(name: string, values: readonly number[], dims: number[]): string {
    const rawData = new Uint8Array(values.length * 8);
    const view = new DataView(rawData.buffer);
    values.forEach((value, k) => view.setBigInt64(k * 8, BigInt(value), true));
    this.initializers.push({ name, dataType: ONNX_TYPES.INT64, dims, rawData });
    return name;
  }

  /** A scalar constant, shared by every node that uses the same value. */
  scalar(value: number): string {
    let name = this.scalars.get(value);
    if (name === undefined) {
      name = this.constant(`const_${this.scalars.size}`, [value], []);
      this.scalars.set(value, name);
    }
    return name;
  }

  /** Appends a node (of the operator set `domain`, default ONNX's own); returns the name of its (single) output. */
  node(opType: string, inputs: string[], attributes: OnnxAttributes = {}, output?: string, domain?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.nodes.length}`;
    const attribute = Object.entries(attributes).map(([name, value]) => attributeProto(name, value));
    this.nodes.push({ opType, input: inputs, output: [out], name: `node_${this.nodes.length}_${opType}`, attribute, ...(domain !== undefined && { domain }) });
    return out;
  }
}
