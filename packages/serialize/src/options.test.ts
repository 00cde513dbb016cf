/**
 * Every options object of @bpnn/serialize is strict, as core's are: an unknown key is a ConfigError
 * naming it and the closest known key, and a correct call with the same input works.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { thrown } from '../test/thrown.js';
import { tinyClassifier } from '../test/tiny-models.js';
import {
  exportJsFunction,
  exportOnnx,
  importBrainJs,
  importFannNet,
  readCsvDataset,
  readCsvInputs,
  readFannData,
  readModel,
  readModelJson,
  readNetwork,
  readNetworkJson,
  writeModel,
  writeModelJson,
} from './index.js';

const fixture = (path: string) => readFileSync(new URL(`../test/fixtures/${path}`, import.meta.url), 'utf8');

async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject, but it resolved');
}

/** The message of a ConfigError (anything else fails the test). */
function configMessage(error: unknown): string {
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('strict options in @bpnn/serialize', () => {
  const model = tinyClassifier('float64');
  const bytes = writeModel(model);
  const json = writeModelJson(model);

  it('the model readers take { source } only', () => {
    expect(configMessage(thrown(() => readModel(bytes, { sorce: 'a.bpnn' } as never)))).toBe('sorce is not an option of readModel: did you mean source?');
    expect(configMessage(thrown(() => readNetwork(bytes, { file: 'a.bpnn' } as never)))).toBe('file is not an option of readNetwork (the options are source)');
    expect(configMessage(thrown(() => readModelJson(json, { Source: 'a.json' } as never)))).toBe('Source is not an option of readModelJson: did you mean source?');
    expect(configMessage(thrown(() => readNetworkJson(json, { soruce: 'a.json' } as never)))).toBe('soruce is not an option of readNetworkJson: did you mean source?');
    expect(readModel(bytes, { source: 'a.bpnn' }).labels).toEqual(['no', 'yes']);
  });

  it('the data readers name a misspelt option', async () => {
    const csv = 'a,b,y\n1,2,x\n3,4,z\n';
    expect(configMessage(await rejection(() => readCsvDataset(csv, { target: 'y', feature: ['a'] } as never)))).toBe('feature is not an option of readCsvDataset: did you mean features?');
    expect(configMessage(await rejection(() => readCsvDataset(csv, { target: 'y', delimeter: ';' } as never)))).toBe('delimeter is not an option of readCsvDataset: did you mean delimiter?');
    expect(configMessage(await rejection(() => readCsvInputs(csv, { inputNames: ['a', 'b'], ignored: ['y'] } as never)))).toBe('ignored is not an option of readCsvInputs: did you mean ignore?');
    expect(configMessage(await rejection(() => readFannData(fixture('fann/xor.data'), { name: 'xor' } as never)))).toBe('name is not an option of readFannData (the options are source)');
    expect((await readCsvDataset(csv, { target: 'y', features: ['a'] })).inputNames).toEqual(['a']);
  });

  it('the importers check their options and the nested classes object', () => {
    const net = fixture('fann/xor_float.net');
    expect(configMessage(thrown(() => importFannNet(net, { inputnames: ['a', 'b'] } as never)))).toBe('inputnames is not an option of importFannNet: did you mean inputNames?');
    expect(configMessage(thrown(() => importFannNet(net, { classes: { label: ['yes'] } } as never)))).toBe('classes.label is not an option of classes: did you mean labels?');
    const brain = fixture('brainjs/v2_sigmoid.json');
    expect(configMessage(thrown(() => importBrainJs(brain, { dtyp: 'float32' } as never)))).toBe('dtyp is not an option of importBrainJs: did you mean dtype?');
    expect(importFannNet(net, { inputNames: ['a', 'b'] }).inputNames).toEqual(['a', 'b']);
  });

  it('the exporters name a misspelt option', () => {
    expect(configMessage(thrown(() => exportOnnx(model, { opset: 13 } as never)))).toBe('opset is not an option of exportOnnx (the options are dtype, name, producerVersion, categories)');
    expect(configMessage(thrown(() => exportJsFunction(model, { output: 'object' } as never)))).toBe('output is not an option of exportJsFunction: did you mean outputs?');
    expect(exportJsFunction(model, { outputs: 'object' })).toContain('Object.fromEntries');
  });
});
