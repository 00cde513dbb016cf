import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { descriptor } from '../../schema/generate.mjs';
import { ONNX_SCHEMA } from './onnx-schema.js';

describe('onnx-schema', () => {
  it('is the descriptor of the official onnx.proto in schema/ (regenerate with node schema/generate.mjs)', () => {
    expect(ONNX_SCHEMA).toEqual(descriptor());
  });
});
