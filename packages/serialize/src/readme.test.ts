import { readFileSync } from 'node:fs';
import { Model, Network } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { writeModel } from './bpnn-file.js';
import { writeModelJson } from './model-json.js';

/** The README's example model: 2-1 linear float32 regression, weights 0.5 and −1, bias 0.25. */
function example(): Model {
  const network = Network.fromParameters({ layers: [2, 1], activations: ['linear'], loss: 'mse', dtype: 'float32' }, [0.5, -1, 0.25]);
  return new Model({
    task: 'regression',
    network,
    inputNames: ['x1', 'x2'],
    targetNames: ['y'],
    inputScaler: { kind: 'none', offset: [0, 0], scale: [1, 1] },
    targetScaler: { kind: 'none', offset: [0], scale: [1] },
  });
}

/** Lines as `xxd` prints them: offset, 8 groups of 2 bytes, the printable characters. */
function xxd(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += 16) {
    const row = Array.from(bytes.subarray(at, at + 16));
    const hex = row.map((b) => b.toString(16).padStart(2, '0')).join('').replace(/(.{4})/g, '$1 ').trimEnd();
    const text = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}: ${hex.padEnd(39)}  ${text}`);
  }
  return lines;
}

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const block = (lang: string, index = 0) => readme.split(`\`\`\`${lang}\n`)[index + 1].split('```')[0];

describe('the README', () => {
  it('shows lines of the hex dump that writeModel still writes', () => {
    const bytes = writeModel(example());
    expect(readme).toContain(`all ${bytes.length} bytes of it`);
    const real = xxd(bytes);
    const shown = block('text').split('\n').filter((l) => /^[0-9a-f]{8}:/.test(l));
    expect(shown.length).toBeGreaterThan(10);
    for (const line of shown) expect(real).toContain(line);
    expect(shown[shown.length - 1]).toBe(real[real.length - 1]);
  });

  it('shows the JSON form that writeModelJson writes', () => {
    expect(block('json')).toBe(writeModelJson(example()));
  });
});
