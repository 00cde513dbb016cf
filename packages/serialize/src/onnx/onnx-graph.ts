/**
 * A small builder of an ONNX graph: nodes in topological order and constant tensors
 * (initializers), all of one float type (FLOAT or DOUBLE), as plain onnx.proto objects.
 */
import { ONNX_ATTRIBUTE_TYPES, ONNX_TYPES } from './onnx-proto.js';

export type OnnxFloatType = typeof ONNX_TYPES.FLOAT | typeof ONNX_TYPES.DOUBLE;

export type OnnxAttributes = Record<string, { float: number } | { int: number }>;

export class OnnxGraph {
  readonly nodes: Record<string, unknown>[] = [];
  readonly initializers: Record<string, unknown>[] = [];
  private readonly scalars = new Map<number, string>();

  constructor(readonly floatType: OnnxFloatType) {}

  /** A constant tensor of the graph's float type; returns its name. */
  constant(name: string, values: ArrayLike<number>, dims: number[]): string {
    const width = this.floatType === ONNX_TYPES.FLOAT ? 4 : 8;
    const rawData = new Uint8Array(values.length * width);
    const view = new DataView(rawData.buffer);
    for (let k = 0; k < values.length; k++) {
      if (width === 4) view.setFloat32(k * width, values[k], true); // ONNX raw_data is little-endian
      else view.setFloat64(k * width, values[k], true);
    }
    this.initializers.push({ name, dataType: this.floatType, dims, rawData });
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

  /** Appends a node; returns the name of its (single) output. */
  node(opType: string, inputs: string[], attributes: OnnxAttributes = {}, output?: string): string {
    const out = output ?? `${opType.toLowerCase()}_${this.nodes.length}`;
    const attribute = Object.entries(attributes).map(([name, value]) =>
      'float' in value ? { name, type: ONNX_ATTRIBUTE_TYPES.FLOAT, f: value.float } : { name, type: ONNX_ATTRIBUTE_TYPES.INT, i: value.int },
    );
    this.nodes.push({ opType, input: inputs, output: [out], name: `node_${this.nodes.length}_${opType}`, attribute });
    return out;
  }
}
