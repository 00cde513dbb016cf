/**
 * `bpnn-server`: reads its config from flags and environment variables, listens (127.0.0.1:8080
 * unless told), says where on stdout, and shuts down gracefully on SIGTERM or SIGINT, exiting 0.
 */
import cluster from 'node:cluster';
import { runPrimary } from './cluster/primary.js';
import type { ToPrimary } from './cluster/messages.js';
import { readConfig, USAGE, UsageError } from './config.js';
import { defaultWorkerFile, startServer } from './start.js';

declare const BPNN_VERSION: string;
const version = typeof BPNN_VERSION === 'string' ? BPNN_VERSION : '0.0.0';

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bpnn-server: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (config === 'help') return void process.stdout.write(USAGE);
  if (config === 'version') return void process.stdout.write(`${version}\n`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (config.processes > 1 && cluster.isPrimary) {
    return runPrimary(config, { workerFile: defaultWorkerFile(), log, out: (line) => process.stdout.write(`${line}\n`) });
  }
  // Listening for signals from the start: one that comes while the server starts stops it at
  // once (a --processes primary may stop a process that is still starting).
  let running: Awaited<ReturnType<typeof startServer>> | undefined;
  const stop = (signal: string) => {
    if (running === undefined) {
      // Nothing served yet, nothing to hand over; a start can wait long (another process's
      // migrations): stop now. A migration under way is one transaction, rolled back.
      process.stderr.write(`bpnn-server: ${signal} while starting; stopped\n`);
      process.exit(0);
    }
    process.stderr.write(`bpnn-server: ${signal}, shutting down\n`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`bpnn-server: shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop(signal));
  // A --processes worker whose primary is gone (killed) stops rather than serve on alone.
  if (cluster.isWorker) process.once('disconnect', () => stop('the primary process exited'));
  try {
    running = await startServer(config, { version, log, clusterWorker: cluster.isWorker });
  } catch (error) {
    process.stderr.write(`bpnn-server: cannot start on ${config.host}:${config.port}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  if (cluster.isWorker) process.send!({ t: 'listening', url: running.url } satisfies ToPrimary);
  else process.stdout.write(`bpnn-server listening on ${running.url} (models in ${running.store.where})\n`);
}

void main();
