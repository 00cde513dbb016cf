import { readFileSync } from 'node:fs';
import { FormatError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { importBrainJs } from './brainjs.js';

const dir = new URL('../test/fixtures/brainjs/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const expected = JSON.parse(read('expected.json')) as Record<string, { inputs: unknown[]; outputs: unknown[] }>;

const faithful = ['v1_sigmoid.json', 'v1_relu.json', 'v1_tanh.json', 'v2_sigmoid.json', 'v2_relu.json', 'v2_leaky-relu.json', 'v2_tanh.json'];

/** The largest |a − b| between bpnn's outputs and brain.js's. */
function maxError(actual: number[][], wanted: number[][]): number {
  expect(actual.length).toBe(wanted.length);
  return Math.max(...actual.flatMap((row, r) => row.map((v, c) => Math.abs(v - wanted[r][c]))));
}

describe('importBrainJs: brain.js 1.x and 2.x models compute what brain.js computed', () => {
  it.each(faithful)('%s', (name) => {
    const model = importBrainJs(read(name), { source: name });
    const { inputs, outputs } = expected[name] as { inputs: number[][]; outputs: number[][] };
    expect(model.network.layers).toEqual([3, 5, 4, 2]);
    expect(maxError(model.outputs(inputs).toRows(), outputs)).toBeLessThan(1e-6);
  });

  it('applies the activation to every layer, the output layer too, with brain.js\'s leaky slope', () => {
    const model = importBrainJs(read('v2_leaky-relu.json'));
    expect(model.network.config().activations).toEqual(Array(3).fill({ name: 'leaky-relu', alpha: 0.01 }));
  });

  it.each(['v1_lookup.json', 'v2_lookup.json'])('%s: object inputs and outputs become column and output names', (name) => {
    const model = importBrainJs(read(name), { source: name });
    expect(model.inputNames).toEqual(['r', 'g', 'b']);
    expect(model.targetNames).toEqual(['black', 'white']);
    const { inputs, outputs } = expected[name] as { inputs: Record<string, number>[]; outputs: Record<string, number>[] };
    const got = model.outputs(model.inputsFromRecords(inputs)).toRows();
    expect(maxError(got, outputs.map((o) => model.targetNames.map((t) => o[t])))).toBeLessThan(1e-6);
  });

  it('reads named outputs as classes when given labels', () => {
    const model = importBrainJs(read('v2_lookup.json'), { classes: { labels: ['black', 'white'], target: 'text colour' } });
    expect(model).toMatchObject({ task: 'classification', labels: ['black', 'white'], targetNames: ['text colour'] });
    const { inputs, outputs } = expected['v2_lookup.json'] as { inputs: Record<string, number>[]; outputs: Record<string, number>[] };
    const prediction = model.predict(model.inputsFromRecords(inputs));
    if (prediction.task !== 'classification') throw new Error('a classifier was expected');
    expect(prediction.labels).toEqual(outputs.map((o) => (o.black > o.white ? 'black' : 'white')));
    expect(maxError(prediction.probabilities.toRows(), outputs.map((o) => [o.black, o.white]))).toBeLessThan(1e-6);
  });

  it('refuses brain.js 1.x leaky-relu, whose forward pass is not a leaky ReLU, and says why', () => {
    expect(() => importBrainJs(read('v1_leaky-relu.json'), { source: 'v1_leaky-relu.json' })).toThrow(FormatError);
    expect(() => importBrainJs(read('v1_leaky-relu.json'), { source: 'v1_leaky-relu.json' })).toThrow(
      /v1_leaky-relu\.json: activation "leaky-relu" in a brain\.js 1\.x file: brain\.js 1\.x computes it as sum < 0 \? 0 : 0\.01·sum/,
    );
  });

  it("brainJs1LeakyRelu: 'as-computed' reproduces brain.js 1.x's numbers, as relu with weights times alpha", () => {
    const model = importBrainJs(read('v1_leaky-relu.json'), { brainJs1LeakyRelu: 'as-computed' });
    const { inputs, outputs } = expected['v1_leaky-relu.json'] as { inputs: number[][]; outputs: number[][] };
    expect(model.network.activations.map((a) => a.name)).toEqual(['relu', 'relu', 'relu']);
    expect(maxError(model.outputs(inputs).toRows(), outputs)).toBeLessThan(1e-6);
  });

  it('accepts bytes and parsed objects as well as text, with or without a byte-order mark', () => {
    const text = read('v2_tanh.json');
    const a = importBrainJs(new TextEncoder().encode(text));
    const b = importBrainJs(JSON.parse(text));
    expect(Array.from(a.network.params)).toEqual(Array.from(b.network.params));
    for (const bom of [`\uFEFF${text}`, new TextEncoder().encode(`\uFEFF${text}`)]) {
      expect(Array.from(importBrainJs(bom).network.params)).toEqual(Array.from(b.network.params));
    }
  });

  it('names a value nested 100,000 deep by its field, without overflowing the stack to quote it', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const v1 = '{"sizes":[2,1],"layers":[{"0":{},"1":{}},{"0":{"bias":@B,"weights":{"0":@W,"1":2}}}]}';
    const v2 = '{"type":"NeuralNetwork","sizes":[2,1],"layers":[{},{"weights":[[@W,1]],"biases":[1]}],"inputLookup":{"a":@L,"b":1}}';
    const cases: [string, string][] = [
      [v1.replace('@B', deep).replace('@W', '1'), 'layers[1]["0"].bias must be a finite number, got [[[[…]]]]'],
      [v1.replace('@B', '1').replace('@W', deep), 'layers[1]["0"].weights["0"] must be a finite number, got [[[[…]]]]'],
      [v2.replace('@W', deep).replace('@L', '0'), 'layers[1].weights[0][0] must be a finite number, got [[[[…]]]]'],
      [v2.replace('@W', '1').replace('@L', deep), 'inputLookup["a"] must be a distinct index from 0 to 1, got [[[[…]]]]'],
      [`{"sizes":[2,1],"layers":[{},{}],"activation":${deep}}`, "activation must be sigmoid, relu, leaky-relu or tanh (brain.js's four), got [[[[…]]]]"],
      [`{"type":${deep},"sizes":[2,1],"layers":[{},{}]}`, 'type [[[[…]]]] is not a brain.js NeuralNetwork'],
      [`{"sizes":[${deep},1],"layers":[{},{}]}`, 'sizes[0] must be a whole number ≥ 1, got [[[[…]]]]'],
      [deep, 'must be a JSON object, got [[[[…]]]]'],
    ];
    for (const [text, message] of cases) {
      expect(() => importBrainJs(text, { source: 'deep.json' })).toThrow(FormatError);
      expect(() => importBrainJs(text, { source: 'deep.json' })).toThrow(`deep.json: ${message}`);
    }
  });

  it('names the field and value of a malformed file', () => {
    const v2 = JSON.parse(read('v2_tanh.json'));
    const v1 = JSON.parse(read('v1_lookup.json'));
    expect(() => importBrainJs('{"sizes": [2, 1]')).toThrow(/brain\.js JSON: not JSON/);
    expect(() => importBrainJs({ type: 'LSTM', sizes: [1, 1], layers: [{}, {}] })).toThrow(/type "LSTM" is not a brain\.js NeuralNetwork/);
    expect(() => importBrainJs({ ...v2, trainOpts: { ...v2.trainOpts, activation: 'softmax' } })).toThrow(/activation must be sigmoid, relu, leaky-relu or tanh .*got "softmax"/);
    v2.layers[2].weights[1][3] = 'NaN';
    expect(() => importBrainJs(v2)).toThrow(/layers\[2\]\.weights\[1\]\[3\] must be a finite number, got "NaN"/);
    v2.layers[2].weights[1].pop();
    expect(() => importBrainJs(v2)).toThrow(/layers\[2\]\.weights\[1\] must have sizes\[1\] = 5 values/);
    for (const claimed of [2 ** 32, 2 ** 31, 1e8]) {
      // sizes[0] is checked only against the rows of layers[1]: nothing is allocated from it first
      expect(() => importBrainJs({ ...v2, sizes: [claimed, 5, 4, 2] })).toThrow(FormatError);
      expect(() => importBrainJs({ ...v2, sizes: [claimed, 5, 4, 2] })).toThrow(`brain.js JSON: layers[1].weights[0] must have sizes[0] = ${claimed} values, got 3`);
    }
    delete v1.layers[1]['1'].weights.g;
    expect(() => importBrainJs(v1)).toThrow(/layers\[1\]\["1"\]\.weights has keys \["r","b"\], expected the neurons of layers\[0\] in order: \["r","g","b"\]/);
    expect(() => importBrainJs({ ...JSON.parse(read('v2_lookup.json')), inputLookup: { r: 0, g: 0, b: 2 } })).toThrow(/inputLookup\["g"\] must be a distinct index from 0 to 2, got 0/);
  });

  it('names a hole in weights or biases by its field and the file (forEach and map skipped it: core named "parameters row 0 column 12", without the file)', () => {
    const v2 = JSON.parse(read('v2_tanh.json'));
    delete v2.layers[2].weights[1][3]; // [a, b, c, , e]: what a hand-edited file with ", ," parses to
    expect(() => importBrainJs(v2, { source: 'net.json' })).toThrow(new FormatError('net.json: layers[2].weights[1][3] must be a finite number, got nothing'));
    const again = JSON.parse(read('v2_tanh.json'));
    delete again.layers[1].biases[0];
    expect(() => importBrainJs(again, { source: 'net.json' })).toThrow(new FormatError('net.json: layers[1].biases[0] must be a finite number, got nothing'));
  });
});
