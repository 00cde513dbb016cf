// Saving and loading: a Model trained on iris goes to bytes (a .bpnn file is a safetensors file),
// to a .bpnn file on disk, and to its JSON form, and each copy read back predicts exactly what the
// original predicts, bit for bit. @bpnn/serialize works on bytes and strings; the file system is
// this program's job (node:fs). Run: node examples/save-load.mjs
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model } from '@bpnn/core';
import { readCsvDataset, readModel, readModelJson, writeModel, writeModelJson } from '@bpnn/serialize';

const data = await readCsvDataset(await readFile(new URL('../data/iris.csv', import.meta.url)), { target: 'species', source: 'iris.csv' });
const { model } = Model.train(data, { hidden: [8], epochs: 50, dtype: 'float32', seed: 7 });

// To bytes and back.
const bytes = writeModel(model);
const fromBytes = readModel(bytes, { source: 'bytes' });

// To a .bpnn file and back.
const dir = await mkdtemp(join(tmpdir(), 'bpnn-example-'));
const file = join(dir, 'iris.bpnn');
await writeFile(file, bytes);
const fromFile = readModel(await readFile(file), { source: file });

// To the JSON form and back.
const fromJson = readModelJson(writeModelJson(model), { source: 'iris.json' });
await rm(dir, { recursive: true });

/** Every probability of every row, as the network computed it. @param {Model} m */
const probabilities = (m) => Array.from(m.outputs(data.inputs).data);
const original = probabilities(model);
/** @param {Model} m */
const same = (m) => probabilities(m).length === original.length && probabilities(m).every((p, i) => Object.is(p, original[i]));

console.log(`saved a ${model.network.layers.join('-')} ${model.network.dtype} model (${model.network.parameterCount} parameters) as .bpnn bytes, a .bpnn file and JSON`);
console.log(`same predictions on all ${data.targets.length} rows: from bytes ${same(fromBytes)}, from the .bpnn file ${same(fromFile)}, from JSON ${same(fromJson)}`);
const prediction = fromFile.predict([[5.1, 3.5, 1.4, 0.2]]);
if (prediction.task === 'classification') console.log(`the loaded model: [5.1, 3.5, 1.4, 0.2] -> ${prediction.labels[0]}`);
