/**
 * Runs a program as a consumer's shell would, and either returns what it printed or throws an
 * error that names the command, its folder, its exit code and the end of its output.
 */
import { execFile } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the program is killed (an error says so). */
  timeout?: number;
  /** Which end of the output a failure shows: the last lines (default) or the first (tsc's errors). */
  show?: 'head' | 'tail';
}

export interface Output {
  stdout: string;
  stderr: string;
}

/** npm settings that describe the network and the user, not the project: a child keeps these. */
const KEPT_NPM_CONFIG = /^npm_config_(registry|.*:registry|cafile|cache|proxy|https_proxy|noproxy|strict_ssl|userconfig|globalconfig)$/i;

/**
 * The environment of a child that should behave as if started from a plain shell in the consumer
 * project: the variables that pnpm and npx set for a script (npm_package_*, npm_lifecycle_*, most
 * npm_config_*: prefix, local_prefix, …) describe the workspace this test runs in, so they are
 * dropped; registry, proxy and cache settings are kept.
 */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const scriptVariable = (/^(npm_|pnpm_)/i.test(name) && !KEPT_NPM_CONFIG.test(name)) || /^VITEST/.test(name);
    if (!scriptVariable && !['NODE_OPTIONS', 'NODE_ENV', 'INIT_CWD', 'PNPM_PACKAGE_NAME'].includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

export function run(command: string, args: readonly string[], options: RunOptions): Promise<Output> {
  const shown = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? plainEnv(), timeout: options.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ stdout, stderr });
        const how = error.killed ? `was killed after ${options.timeout ?? 120_000} ms` : `exited with ${error.code ?? error.signal}`;
        const lines = (text: string) => text.trim().split('\n');
        const end = (text: string) => (options.show === 'head' ? lines(text).slice(0, 25) : lines(text).slice(-25)).join('\n');
        reject(new Error(`\`${shown}\` (in ${options.cwd}) ${how}\n--- stderr\n${end(stderr)}\n--- stdout\n${end(stdout)}`));
      },
    );
  });
}
