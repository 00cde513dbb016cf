/**
 * `bpnn-server`: reads its config from flags and environment variables, listens (127.0.0.1:8080
 * unless told), says where on stdout, and shuts down gracefully on SIGTERM or SIGINT, exiting 0.
 */
import { readConfig, USAGE, UsageError } from './config.js';
import { startServer } from './start.js';

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
  let running;
  try {
    running = await startServer(config, { version, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(`bpnn-server: cannot start on ${config.host}:${config.port}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`bpnn-server listening on ${running.url} (models in ${running.store.where})\n`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      process.stderr.write(`bpnn-server: ${signal}, shutting down\n`);
      running.close().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`bpnn-server: shutdown failed: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
    });
  }
}

void main();
