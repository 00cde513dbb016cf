/**
 * `bpnn-server`: listens on HOST:PORT (default 127.0.0.1:8080, loopback only unless told) and
 * stops cleanly on SIGTERM or SIGINT.
 */
import { createApp } from './app.js';

declare const BPNN_VERSION: string;

function port(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`bpnn-server: PORT must be a whole number from 0 to 65535, got ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return n;
}

const host = process.env.HOST || '127.0.0.1';
const app = createApp({ version: typeof BPNN_VERSION === 'string' ? BPNN_VERSION : undefined });
const server = app.listen(port(process.env.PORT), host, () => {
  const address = server.address();
  const where = typeof address === 'object' && address !== null ? `${address.address}:${address.port}` : String(address);
  process.stdout.write(`bpnn-server listening on http://${where}\n`);
});
server.on('error', (error) => {
  process.stderr.write(`bpnn-server: cannot listen on ${host}: ${error.message}\n`);
  process.exit(1);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
  });
}
