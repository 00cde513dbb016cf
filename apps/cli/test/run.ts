/** Runs the built command as a user would: a separate process, real files, no terminal. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../dist/bpnn.js', import.meta.url));
export const DATA = fileURLToPath(new URL('../../../data/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../../packages/serialize/test/fixtures/', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function bpnn(args: string[], options: { cwd?: string; input?: string } = {}): Run {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, cwd: options.cwd, input: options.input ?? '' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A fresh folder under the system's temporary folder. */
export function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'bpnn-cli-test-'));
}

/** Parses the single JSON object a `--json` run prints. */
export function json(run: Run): any {
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Starts the command in the background (for Ctrl-C tests); resolves when it exits. */
export function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  const waitFor = async (pattern: RegExp, ms = 30_000) => {
    const until = Date.now() + ms;
    while (!pattern.test(stdout)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`never printed ${pattern}: ${stdout}${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, exited, waitFor };
}

/** Every error is one line on stderr, prefixed bpnn:, and never a stack trace. */
export function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1 || !lines[0].startsWith('bpnn: ') || /\n\s+at /.test(stderr)) throw new Error(`not one bpnn: line: ${JSON.stringify(stderr)}`);
  return lines[0];
}

export function read(path: string): Buffer {
  return readFileSync(path);
}
