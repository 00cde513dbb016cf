/** A reader that stops early closes stdout: the command finishes its work and exits as it would have. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModel } from '@bpnn/serialize';
import { describe, expect, it } from 'vitest';
import { BIN, DATA, workdir } from '../test/run.js';

describe('stdout closed early (EPIPE)', () => {
  it('train | head -1: the rest of the output is dropped, the model is saved, exit 0', async () => {
    const dir = workdir();
    // The reader's end of a real pipe is closed after the first line, as head -1 does.
    const child = spawn(process.execPath, [BIN, 'train', join(DATA, 'iris.csv'), '--target', 'species', '--hidden', '8', '--epochs', '300', '--no-early-stopping', '--out', 'pipe.bpnn'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let first = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').once('data', (chunk: string) => {
      first = chunk;
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first).toMatch(/^bpnn train: .*iris\.csv, 150 rows/);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const model = readModel(readFileSync(join(dir, 'pipe.bpnn')));
    expect(model.training).toMatchObject({ epochs: 300, stoppedBy: 'epochs' });
  });
});
