/** The writers and exporters take a Model (or a Network) and say so of anything else. */
import { ConfigError, Network } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { tinyRegressor } from '../test/tiny-models.js';
import { exportFannNet } from './fann/fann-model.js';
import { exportJsFunction } from './javascript/js-function.js';
import { exportJsModule } from './javascript/js-module.js';
import { writeModel, writeNetwork } from './model-file/bpnn-file.js';
import { writeModelJson, writeNetworkJson } from './model-file/model-json.js';
import { modelForTransfer } from './model-file/model-transfer.js';
import { exportOnnx } from './onnx/onnx.js';

const MODEL_TAKERS = { writeModel, writeModelJson, modelForTransfer, exportOnnx, exportJsFunction, exportJsModule, exportFannNet } as Record<string, (model: never) => unknown>;

describe('a model or network argument', () => {
  it.each(Object.keys(MODEL_TAKERS))('%s: null, {} and a Network are ConfigErrors naming model and the value', (name) => {
    const take = MODEL_TAKERS[name];
    const prefix = `model of ${name} must be a Model (Model.train's model, or a model read from a file), got`;
    expect(() => take(null as never)).toThrow(new ConfigError('model', `of ${name} must be a Model (Model.train's model, or a model read from a file), got null`));
    expect(() => take({} as never)).toThrow(`${prefix} {}`);
    expect(() => take(new Network({ layers: [2, 1] }) as never)).toThrow(`${prefix} a Network: ${name} takes a Model (with its columns, scaling and labels); write a bare network with writeNetwork`);
  });

  it('writeNetwork and writeNetworkJson refuse a Model, saying what to call', () => {
    const model = tinyRegressor('float64');
    expect(() => writeNetwork(model as never)).toThrow(new ConfigError('network', 'of writeNetwork must be a Network, got a Model: write it with writeModel (or its network alone with writeNetwork(model.network))'));
    expect(() => writeNetworkJson(null as never)).toThrow(new ConfigError('network', 'of writeNetworkJson must be a Network, got null'));
    expect(writeNetwork(model.network)).toBeInstanceOf(Uint8Array);
  });
});
