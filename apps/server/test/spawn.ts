/**
 * Running dist/server.js as a child process for the fault tests: start it, wait for its listening
 * line, kill it (SIGKILL, as a crash) or stop it (SIGTERM), each wait bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_FILE, waitFor } from './helpers.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** SIGKILL, then wait for the exit. */
  crash(): Promise<void>;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills every server still running (for afterAll). */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())]);

export async function startProcess(args: string[], nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, SERVER_FILE, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  const url = await waitFor('the listening line', () => {
    if (child.exitCode !== null) throw new Error(`bpnn-server exited ${child.exitCode}: ${stderr}`);
    return /^bpnn-server listening on (http:\/\/127\.0\.0\.1:\d+) /m.exec(stdout)?.[1];
  }, 10_000);
  return {
    child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async crash() {
      child.kill('SIGKILL');
      await withTimeout(exited, 5_000, 'the kill');
    },
    async stop() {
      child.kill('SIGTERM');
      return withTimeout(exited, 15_000, 'the exit after SIGTERM');
    },
  };
}

/** A seeded generator of numbers in [0, 1) (mulberry32), so that "random" points repeat. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
