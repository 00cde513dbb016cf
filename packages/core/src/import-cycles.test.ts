/** Imports run one way (STYLE.md rule 13): scripts/import-cycles.mjs finds none in core, and finds a planted one. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/import-cycles.mjs', import.meta.url));
const check = (folder: string) => spawnSync(process.execPath, [SCRIPT, folder], { encoding: 'utf8' });

describe('import cycles', () => {
  it('core has none: the network does not import what trains it, the optimisers not their registry', () => {
    const run = check(fileURLToPath(new URL('.', import.meta.url)));
    expect(run.stdout).toBe('no import cycles in 1 source folders\n');
    expect(run.status).toBe(0);
  });

  it('a cycle through a type-only import fails the check and is named', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cycles-'));
    try {
      writeFileSync(join(folder, 'network.ts'), "import type { FitOptions } from './train.js';\nexport class Network {}\n");
      writeFileSync(join(folder, 'train.ts'), "import { Network } from './network.js';\nexport interface FitOptions { network?: Network }\n");
      writeFileSync(join(folder, 'alone.ts'), "// import { Network } from './network.js';\nexport const x = 1;\n");
      const run = check(folder);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/import cycle: .*network\.ts → .*train\.ts → .*network\.ts\n1 import cycle\(s\)/);
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});
