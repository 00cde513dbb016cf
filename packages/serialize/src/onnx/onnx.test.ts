import { ACTIVATION_NAMES, ConfigError, DataError, FormatError, Model, type ActivationSpec, type DType } from '@bpnn/core';
import { tinyRegressor } from '../../test/tiny-models.js';
import { activationModel, rawInputs } from '../../test/activation-model.js';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './onnx.js';
import { readCsvDataset } from '../csv/csv.js';
import { decodeOnnxModel } from './onnx-proto.js';

function model(hidden: ActivationSpec, output: ActivationSpec, dtype: DType, task: 'regression' | 'classification' = 'regression'): Model {
  return activationModel(hidden, output, dtype, 3, task);
}

/** onnxruntime's outputs for the raw inputs. */
async function runOnnx(bytes: Uint8Array, inputs: number[][], type: 'float32' | 'float64'): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  const flat = type === 'float32' ? Float32Array.from(inputs.flat()) : Float64Array.from(inputs.flat());
  const result = await session.run({ input: new ort.Tensor(type, flat, [inputs.length, inputs[0].length]) });
  const output = result.output;
  const width = output.dims[1];
  const data = Array.from(output.data as Float32Array | Float64Array);
  return inputs.map((_, r) => data.slice(r * width, (r + 1) * width));
}

/** max |onnx − bpnn|, relative to the target scale for regression (outputs of 100 ± 20). */
function maxError(got: number[][], m: Model): number {
  const wanted = m.outputs(rawInputs).toRows();
  const unit = (j: number) => m.targetScaler?.scale[j] ?? 1;
  return Math.max(...wanted.flatMap((row, r) => row.map((v, j) => Math.abs(got[r][j] - v) / unit(j))));
}

const elementwise = ACTIVATION_NAMES.filter((name) => name !== 'softmax');
const cases: [string, ActivationSpec][] = [
  ...elementwise.map((name): [string, ActivationSpec] => [name, name]),
  ['leaky-relu alpha 0.2', { name: 'leaky-relu', alpha: 0.2 }],
  ['elu alpha 0.5', { name: 'elu', alpha: 0.5 }],
];

describe('exportOnnx: onnxruntime computes what bpnn computes, raw features in', () => {
  // float32 model → FLOAT; float64 model → DOUBLE (the default) and → FLOAT (converted).
  const variants: [string, DType, 'float32' | 'float64', number][] = [
    ['float32 model as FLOAT', 'float32', 'float32', 1e-5],
    ['float64 model as DOUBLE', 'float64', 'float64', 1e-12],
    ['float64 model converted to FLOAT', 'float64', 'float32', 1e-5],
  ];
  describe.each(variants)('%s', (_, dtype, type, tolerance) => {
    it.each(cases)('%s', async (_, act) => {
      const m = model(act, act, dtype);
      const got = await runOnnx(exportOnnx(m, { dtype: type }), rawInputs, type);
      expect(maxError(got, m)).toBeLessThan(tolerance);
    });

    it('softmax classifier: class probabilities', async () => {
      const m = model('tanh', 'softmax', dtype, 'classification');
      const got = await runOnnx(exportOnnx(m, { dtype: type }), rawInputs, type);
      expect(maxError(got, m)).toBeLessThan(tolerance);
    });
  });

  it('fills a NaN input with its training mean where the model fills missing values, in FLOAT and DOUBLE', async () => {
    const csv = ['a,b,y', ...Array.from({ length: 20 }, (_, i) => `${i % 4 === 0 ? 'NA' : i},${i % 3 === 0 ? '' : (i * 7) % 5},${i * 2}`)].join('\n');
    for (const dtype of ['float32', 'float64'] as const) {
      const m = Model.train(await readCsvDataset(csv, { target: 'y', missing: true }), { task: 'regression', hidden: [3], epochs: 5, seed: 1, missing: 'mean', dtype }).model;
      const rows = [[NaN, 2], [3, NaN], [NaN, NaN], [4, 1]];
      const got = await runOnnx(exportOnnx(m), rows, dtype);
      const wanted = m.outputs(rows.map((r) => r.map((v) => (Number.isNaN(v) ? null : v))) as unknown as number[][]).toRows();
      got.forEach((row, r) => expect(Math.abs(row[0] - wanted[r][0]) / m.targetScaler!.scale[0]).toBeLessThan(dtype === 'float32' ? 1e-5 : 1e-12));
    }
  });

  it('writes the standard operators for FLOAT: Elu, Softplus, LeakyRelu with its alpha', () => {
    const ops = (act: ActivationSpec) => {
      const decoded = decodeOnnxModel(exportOnnx(model(act, 'linear', 'float32'))) as { graph: { node: { opType: string; attribute?: { name: string; f?: number }[] }[] } };
      return decoded.graph.node;
    };
    expect(ops('elu').map((n) => n.opType)).toEqual(['Sub', 'Div', 'Gemm', 'Elu', 'Gemm', 'Elu', 'Gemm', 'Mul', 'Add', 'Identity']);
    expect(ops('softplus').map((n) => n.opType)).toContain('Softplus');
    const leaky = ops({ name: 'leaky-relu', alpha: 0.2 }).find((n) => n.opType === 'LeakyRelu')!;
    expect(leaky.attribute![0].name).toBe('alpha');
    expect(leaky.attribute![0].f).toBeCloseTo(0.2, 7);
  });

  it('carries names and labels in metadata, and the float64 weights bit for bit', () => {
    const m = model('tanh', 'softmax', 'float64', 'classification');
    const decoded = decodeOnnxModel(exportOnnx(m)) as {
      opsetImport: { version: number }[];
      metadataProps: { key: string; value: string }[];
      graph: { initializer: { name: string; dataType: number; dims: number[]; rawData: Uint8Array }[] };
    };
    expect(decoded.opsetImport[0].version).toBe(13);
    const meta = Object.fromEntries(decoded.metadataProps.map((p) => [p.key, p.value]));
    expect(JSON.parse(meta.input_names)).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(meta.output_names)).toEqual(['setosa', 'versicolor', 'virginica']);
    const w0 = decoded.graph.initializer.find((t) => t.name === 'layers.0.weight')!;
    expect(w0.dims).toEqual([3, 6]);
    expect(w0.dataType).toBe(11); // DOUBLE
    const raw = w0.rawData;
    expect(Array.from(new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)))).toEqual(Array.from(m.network.parameters()[0].value));
  });
});

describe('exportOnnx of a float64 model as FLOAT', () => {
  it('refuses a number beyond float32\'s range, which onnxruntime would run as Infinity, and writes it as DOUBLE', async () => {
    const m = model('linear', 'linear', 'float64');
    m.network.parameters()[0].value[1] = 1e39; // layers.0.weight[0][1]
    expect(() => exportOnnx(m, { dtype: 'float32' })).toThrow(new FormatError("ONNX export: layers.0.weight[0][1] is 1e+39, beyond float32's range (±3.4e38), which FLOAT would hold as Infinity; export as DOUBLE (dtype: 'float64', --dtype float64)"));
    const got = (await runOnnx(exportOnnx(m), rawInputs, 'float64')).flat();
    const wanted = Array.from(m.outputs(rawInputs).data);
    expect(Math.max(...wanted.map(Math.abs))).toBeGreaterThan(1e30); // outputs of order 1e39, finite in float64
    got.forEach((v, k) => expect(Math.abs(v - wanted[k]) / Math.abs(wanted[k])).toBeLessThan(1e-12));
  });
});

describe('exportOnnx options and decodeOnnxModel refuse what they cannot take', () => {
  it('a dtype other than float32/float64, a name or producerVersion that is not a string; bytes that are not ONNX', () => {
    const model = tinyRegressor('float64');
    expect(() => exportOnnx(model, { dtype: 'int8' as never })).toThrow(new ConfigError('dtype', 'must be float32 or float64, got "int8"'));
    expect(() => exportOnnx(model, { name: 5 as never })).toThrow(new ConfigError('name', 'must be a string, got 5'));
    expect(() => exportOnnx(model, { producerVersion: 5 as never })).toThrow(new ConfigError('producerVersion', 'must be a string, got 5'));
    expect(() => decodeOnnxModel(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(new FormatError('not an ONNX model (an onnx.ModelProto): illegal tag: field number 0'));
    expect(() => decodeOnnxModel(null as never)).toThrow(new DataError('the .onnx file must be bytes (a Uint8Array), got null'));
  });
});
