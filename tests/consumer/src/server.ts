/**
 * bpnn-server as the consumer test drives it: a model file written with the installed libraries,
 * and the installed command started on a free port.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** A script for the consumer project: trains iris with the installed libraries, writes the .bpnn file. */
export const SAVE_MODEL = `
import { readFileSync, writeFileSync } from 'node:fs';
import { Model } from '@bpnn/core';
import { readCsvDataset, writeModel } from '@bpnn/serialize';
const [csv, out] = process.argv.slice(2);
const data = await readCsvDataset(readFileSync(csv, 'utf8'), { target: 'species', source: csv });
const { model } = Model.train(data, { hidden: [8], epochs: 200, seed: 1 });
writeFileSync(out, writeModel(model));
`;

export interface RunningServer {
  url: string;
  stop(): void;
}

/** Starts bpnn-server on a free port and waits (30 s at most) for the line that says where it listens. */
export async function startServer(command: string, models: string): Promise<RunningServer> {
  const child = spawn(command, ['--port', '0', '--models-dir', models], { cwd: join(models, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`bpnn-server did not say where it listens within 30 s; it printed:\n${output}`));
    }, 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bpnn-server exited with ${code} before listening; it printed:\n${output}`));
    });
  });
  return { url, stop: () => child.kill() };
}
