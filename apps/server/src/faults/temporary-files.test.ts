/**
 * A writer of the models folder killed with SIGKILL mid-write leaves its temporary file; the next
 * start of dist/server.js on the folder deletes it at once (its writer's process is gone), where a
 * start while the writer lives leaves it be (its write is under way). The writer is a real process
 * running writeFileAtomic (bundled from src/atomic-file.ts), stopped after writing and fsyncing its
 * temporary file, before the rename, by the module's fault-injection point.
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { irisBytes, json, tempFolder } from '../../test/helpers.js';
import { killAll, startProcess, withTimeout } from '../../test/spawn.js';
import { HOST, writerOf } from '../temporary-file.js';

const folder = tempFolder();
const writers: Array<{ kill(signal: NodeJS.Signals): void }> = [];
afterAll(() => {
  killAll();
  for (const writer of writers) writer.kill('SIGKILL');
  folder.remove();
});

const WRITER = `import { fileFaults, writeFileAtomic } from './atomic-file.mjs';
setInterval(() => {}, 1 << 30); // alive until killed
fileFaults.hook = (step) => {
  if (step !== 'synced') return;
  process.stdout.write('stopped\\n');
  return new Promise(() => {});
};
await writeFileAtomic(process.argv[2], new Uint8Array(1 << 20).fill(7));
`;

describe('a writer killed mid-write', () => {
  it('leaves a temporary file that a start keeps while the writer lives, and deletes once it is gone', async () => {
    const code = join(folder.path, 'writer');
    await build({ entryPoints: [new URL('../atomic-file.ts', import.meta.url).pathname], outfile: join(code, 'atomic-file.mjs'), bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
    writeFileSync(join(code, 'writer.mjs'), WRITER);
    const models = join(folder.path, 'models');
    let server = await startProcess(['--models-dir', models]);
    const put = await fetch(`${server.url}/v1/models/m`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
    expect(put.status).toBe(201);
    const { sha256 } = await json(put);
    expect(await server.stop()).toBe(0);

    const writer = spawn(process.execPath, [join(code, 'writer.mjs'), join(models, 'm.bpnn')], { stdio: ['ignore', 'pipe', 'inherit'] });
    writers.push(writer);
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    await withTimeout(new Promise((resolve) => writer.stdout.once('data', resolve)), 10_000, 'the writer to stop before its rename');
    const temporary = () => readdirSync(models).filter((file) => file.endsWith('.tmp'));
    expect(temporary()).toHaveLength(1);
    expect(writerOf(temporary()[0])).toEqual({ host: HOST, pid: writer.pid });

    // The writer alive: a start leaves its file (as it would another process's write under way).
    server = await startProcess(['--models-dir', models]);
    expect((await json(await fetch(`${server.url}/v1/models/m`))).sha256).toBe(sha256);
    expect(temporary()).toHaveLength(1);
    expect(await server.stop()).toBe(0);

    writer.kill('SIGKILL');
    await withTimeout(exited, 10_000, 'the writer to die');
    server = await startProcess(['--models-dir', models]);
    try {
      expect(temporary()).toEqual([]); // at once, not a minute later
      expect((await json(await fetch(`${server.url}/v1/models/m`))).sha256).toBe(sha256); // the target intact
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});
