import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Model, Network } from '@bpnn/core';
import { describe, expect, it } from 'vitest';
import { writeModel } from './model-file/bpnn-file.js';
import { writeModelJson } from './model-file/model-json.js';

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

  it('has code that runs as written and prints what its comments say: in Node, then in a browser', () => {
    const blocks = readme.split('```js\n').slice(1).map((b) => b.split('```')[0]);
    expect(blocks).toHaveLength(2);
    const [node, browser] = blocks;
    // What a browser page has and Node has too (File, Blob, URL.createObjectURL), and two stand-ins:
    // the files the user picked, and localStorage.
    const page = [
      "import { readFileSync as readForThePage } from 'node:fs';",
      "const file = new File([readForThePage('data/iris.csv')], 'iris.csv');",
      "const modelFile = new File([readForThePage('iris.bpnn')], 'iris.bpnn');",
      'const localStorage = { items: new Map(), setItem(k, v) { this.items.set(k, String(v)); }, getItem(k) { return this.items.get(k) ?? null; } };',
      '',
    ].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'bpnn-readme-'));
    symlinkSync(fileURLToPath(new URL('../../../data', import.meta.url)), join(dir, 'data'));
    for (const code of [node, page + browser]) {
      // Inside the package, so that '@bpnn/serialize' and '@bpnn/core' resolve as for a user; run in a scratch folder.
      const script = fileURLToPath(new URL(`../.readme-block-${process.pid}.mjs`, import.meta.url));
      writeFileSync(script, code);
      try {
        const run = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
        expect(run.stderr).toBe('');
        const promised = [...code.matchAll(/^console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
        expect(promised.length).toBeGreaterThan(0);
        expect(run.stdout.trimEnd().split('\n')).toEqual(promised);
      } finally {
        rmSync(script, { force: true });
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
