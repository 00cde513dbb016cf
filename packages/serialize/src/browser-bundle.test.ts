/**
 * Serialize in a browser: its index, bundled by esbuild for the browser with nothing external,
 * must import no Node built-in, and the bundle must work where Node's globals (process, Buffer,
 * require, …) do not exist: a node:vm context holding only the language's own globals and the
 * web APIs a browser page has (TextEncoder, TextDecoder, performance). There it trains a model on
 * iris.csv read in chunks, and writes and reads every format; Node checks what comes out.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { Matrix } from '@bpnn/core';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModel } from './model-file/bpnn-file.js';
import { readModelJson } from './model-file/model-json.js';
import { decodeOnnxModel } from './onnx/onnx-proto.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const irisCsv = readFileSync(new URL('../../../data/iris.csv', import.meta.url), 'utf8');
const brainDir = new URL('../test/fixtures/brainjs/', import.meta.url);
const brainJson = readFileSync(new URL('v2_sigmoid.json', brainDir), 'utf8');
const brainExpected = (JSON.parse(readFileSync(new URL('expected.json', brainDir), 'utf8')) as Record<string, { inputs: number[][]; outputs: number[][] }>)['v2_sigmoid.json'];

/** Node's built-in modules, by both of their names. */
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** What the page does with the bundle (`bpnn`), in the vm context; it returns what Node checks. */
const PAGE = `(async () => {
  const { core, serialize } = bpnn;
  async function* chunks(text, size) { for (let at = 0; at < text.length; at += size) yield new TextEncoder().encode(text.slice(at, at + size)); }
  const data = await serialize.readCsvDataset(chunks(irisCsv, 700), { target: 'species', source: 'iris.csv' });
  // float64 (the automatic default is float32): the round trips are compared at 1e-12.
  const { model } = core.Model.train(data, { hidden: [5], activation: 'tanh', outputActivation: 'sigmoid', loss: 'mse', epochs: 30, seed: 7, dtype: 'float64' });
  const bytes = serialize.writeModel(model);
  const json = serialize.writeModelJson(model);
  const rows = data.inputs.toRows().slice(0, 150);
  const again = serialize.readModel(bytes, { source: 'iris.bpnn' });
  const fromJson = serialize.readModelJson(json, { source: 'iris.json' });
  const inMemory = core.Model.fromJSON(JSON.parse(JSON.stringify(model)), { source: 'localStorage' });
  const fann = serialize.importFannNet(serialize.exportFannNet(model), { source: 'iris.net', classes: { labels: model.labels, target: 'species' } });
  const fannData = await serialize.readFannData(serialize.writeFannData({ inputs: data.inputs, targets: rows.map((_, r) => [r % 2, 1 - (r % 2)]) }), { source: 'iris.data' });
  const brain = serialize.importBrainJs(brainJson, { source: 'v2_sigmoid.json' });
  const fn = new Function(serialize.exportJsFunction(model) + '\\nreturn bpnnModel;')();
  return {
    noNodeGlobals: [typeof process, typeof Buffer, typeof require, typeof global, typeof setImmediate],
    probabilities: model.outputs(rows).toRows(),
    again: again.outputs(rows).toRows(),
    fromJson: fromJson.outputs(rows).toRows(),
    inMemory: inMemory.outputs(rows).toRows(),
    fann: fann.outputs(rows).toRows(),
    fannRows: fannData.inputs.rows,
    brain: brain.outputs(brainExpected.inputs).toRows(),
    fn: rows.map((row) => fn(row)),
    bytes, json, onnx: serialize.exportOnnx(model),
  };
})()`;

let bundle = '';
/** esbuild's errors: for a browser, it cannot resolve a Node built-in that a package's "browser" field does not map away. */
let problems: string[] = [];

beforeAll(async () => {
  try {
    const result = await build({
      stdin: { contents: "export * as core from '@bpnn/core';\nexport * as serialize from './src/index.ts';\n", resolveDir: packageDir, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'bpnn',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    bundle = result.outputFiles[0].text;
    problems = Object.keys(result.metafile.inputs).filter((input) => BUILTINS.has(input));
  } catch (error) {
    problems = (error as { errors?: { text: string; location: { file: string } | null }[] }).errors?.map((e) => `${e.location?.file}: ${e.text}`) ?? [String(error)];
  }
}, 60_000);

describe('serialize bundled for a browser', () => {
  it('imports no Node built-in', () => {
    expect(problems).toEqual([]);
    expect(bundle.length).toBeGreaterThan(100_000); // core, serialize, csv-parse, protobufjs and @noble/hashes are in it
  });

  it('trains, writes and reads every format where Node\'s globals do not exist', async () => {
    const context = vm.createContext({ TextEncoder, TextDecoder, performance, irisCsv, brainJson, brainExpected });
    vm.runInContext(bundle, context);
    const page = await vm.runInContext(PAGE, context);
    expect(page.noNodeGlobals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);

    // Node reads what the page wrote and predicts what the page predicted, bit for bit.
    const wanted = page.probabilities as number[][];
    const rows = readCsvRows();
    expect(readModel(new Uint8Array(page.bytes), { source: 'page.bpnn' }) /* a copy in Node's realm */.outputs(rows).toRows()).toEqual(wanted);
    expect(readModelJson(page.json, { source: 'page.json' }).outputs(rows).toRows()).toEqual(wanted);
    expect(page.again).toEqual(wanted);
    expect(page.fromJson).toEqual(wanted);
    expect(page.inMemory).toEqual(wanted);
    // FANN keeps float32-rounded weights in text; the function computes in float64 as the model does.
    expectClose(page.fann, wanted, 1e-6);
    expectClose(page.fn, wanted, 1e-12);
    expect(page.fannRows).toBe(150);
    // What brain.js itself printed for this network (its float32 arithmetic: 1e-6).
    expectClose(page.brain, brainExpected.outputs, 1e-6);
    const onnx = decodeOnnxModel(new Uint8Array(page.onnx));
    expect(onnx.irVersion).toBe(7);
    expect((onnx.graph as { node: unknown[] }).node.length).toBeGreaterThan(2);
  });
});

function readCsvRows(): Matrix {
  const lines = irisCsv.trim().split('\n').slice(1);
  return Matrix.fromRows(lines.map((line) => line.split(',').slice(0, 4).map(Number)));
}

function expectClose(actual: number[][], expected: number[][], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => row.forEach((v, j) => expect(Math.abs(v - expected[r][j])).toBeLessThan(tolerance)));
}
