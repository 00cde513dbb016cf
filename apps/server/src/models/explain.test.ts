import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iris, irisBytes, json, line, postJson, tempFolder, testServer, type TestServer } from '../../test/helpers.js';
import { writeModel } from '@bpnn/serialize';

let server: TestServer;
const folder = tempFolder();
const explain = (name: string, body: unknown) => postJson(`${server.url}/v1/models/${name}/explain`, body);
const sample: Record<string, number | string> = { 'sepal length (cm)': 6.3, 'sepal width (cm)': 2.5, 'petal length (cm)': 4.9, 'petal width (cm)': 1.5, species: 'versicolor' };

beforeAll(async () => {
  server = await testServer(folder.path);
  for (const [name, bytes] of [['iris', await irisBytes()], ['line', writeModel(line())]] as const) {
    const put = await fetch(`${server.url}/v1/models/${name}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(put.status).toBe(201);
  }
});

afterAll(async () => {
  await server.close();
  folder.remove();
});

describe('POST /v1/models/:name/explain', () => {
  it("answers with core's network.explain for the sample's encoded inputs and target", async () => {
    const model = await iris();
    const names = model.inputNames;
    const response = await explain('iris', { row: sample, top: 5 });
    expect(response.status).toBe(200);
    const body = await json(response);
    const encoded = model.encode({ inputNames: names, inputs: [names.map((n) => sample[n] as number)], targetNames: ['species'], targets: [['versicolor']] });
    const reference = model.network.explain(encoded.inputs.row(0), encoded.targets.row(0));
    expect(body.cost).toBeCloseTo(reference.cost, 12);
    expect(body.layers.map((l: { size: number }) => l.size)).toEqual([...model.network.layers]);
    body.layers.slice(1).forEach((layer: { residual: number[]; z: number[] }, l: number) => {
      layer.residual.forEach((d, j) => expect(d).toBeCloseTo(reference.residuals[l][j], 12));
      layer.z.forEach((v, j) => expect(v).toBeCloseTo(reference.z[l][j], 12));
    });
    // softmax with cross-entropy: the output residual is a − y, with y one-hot on versicolor
    const out = body.layers.at(-1);
    expect(body.encodedTarget).toEqual([0, 1, 0]);
    out.residual.forEach((d: number, j: number) => expect(d).toBeCloseTo(out.a[j] - body.encodedTarget[j], 12));
    expect(body.outputRule).toBe('δ_j = a_j − y_j (softmax output with categorical-cross-entropy)');
    // the largest gradients, each the product a_i·δ_j, in falling magnitude
    expect(body.topGradients).toHaveLength(5);
    for (const g of body.topGradients) {
      expect(g.gradient).toBeCloseTo(g.activation * g.residual, 12);
      expect(g.gradient).toBeCloseTo(reference.dWeights[g.layer].get(g.i, g.j), 12);
      expect(g.activation).toBe(body.layers[g.layer].a[g.i]);
    }
    const sizes = body.topGradients.map((g: { gradient: number }) => Math.abs(g.gradient));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const predicted = model.predict([names.map((n) => sample[n] as number)]);
    expect(body.prediction.label).toBe(predicted.task === 'classification' ? predicted.labels[0] : undefined);
  });

  it('explains a regression sample against its number', async () => {
    const body = await json(await explain('line', { row: { a: 1, b: 0.5, y: 1.5 } }));
    expect(body.layers.at(-1).residual).toHaveLength(1);
    expect(body.outputRule).toBe('δ_j = a_j − y_j (linear output with mse)');
    expect(body.topGradients).toHaveLength(10);
  });

  it('names the missing target, an unknown label and a bad field', async () => {
    const { species: _species, ...noTarget } = sample;
    const missing = await explain('iris', { row: noTarget });
    expect(missing.status).toBe(400);
    expect((await json(missing)).error).toContain('row is missing the target column "species"');
    const unknown = await json(await explain('iris', { row: { ...sample, species: 'rose' } }));
    expect(unknown.error).toBe('row column "species" must be one of "setosa", "versicolor", "virginica", got "rose"');
    const bad = await json(await explain('iris', { row: { ...sample, 'petal width (cm)': 'x' } }));
    expect(bad.error).toContain('"petal width (cm)" must be a finite number, got "x"');
    const top = await json(await explain('iris', { row: sample, top: 1000 }));
    expect(top.error).toBe('top must be ≤ 100, got 1000');
    expect((await explain('nope', { row: sample })).status).toBe(404);
  });
});
