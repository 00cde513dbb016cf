/**
 * Idle keep-alive connections stay open for --keep-alive-timeout (72 s by default): longer than the
 * idle timeout of the load balancer in front (60 s for AWS's and Google's), so that the proxy never
 * sends a request on a connection the server is closing (which it answers 502). Node's own default,
 * 5 s, closed them first. Checked on one raw connection: two requests with a pause between them.
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { tempFolder, testServer, type TestServer } from '../../test/helpers.js';

const folder = tempFolder();
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  folder.remove();
});

/** A connection that sends GET /healthz when asked and collects what comes back, and whether the server closed it. */
function connection(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  let text = '';
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  const answers = () => text.split('HTTP/1.1 ').length - 1;
  return {
    socket,
    get closed() {
      return closed;
    },
    get text() {
      return text;
    },
    async get(): Promise<void> {
      const before = answers();
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      while (answers() === before || !/\{[^}]*\}$/.test(text)) {
        if (closed) throw new Error(`the server closed the connection; it had sent ${JSON.stringify(text)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('idle keep-alive connections', () => {
  it('stay open 72 s by default, saying so, and for --keep-alive-timeout when given', async () => {
    const server = await testServer(folder.path);
    servers.push(server);
    const kept = connection(server.port);
    await kept.get();
    expect(kept.text).toMatch(/\r\nKeep-Alive: timeout=72\r\n/i);
    await pause(6_000); // beyond Node's 5 s default, which closed it here
    expect(kept.closed).toBe(false);
    await kept.get();
    expect(kept.text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    kept.socket.destroy();

    const short = await testServer(folder.path, { keepAliveTimeoutMs: 1_000 });
    servers.push(short);
    const cut = connection(short.port);
    await cut.get();
    expect(cut.text).toMatch(/\r\nKeep-Alive: timeout=1\r\n/i);
    await pause(3_000);
    expect(cut.closed).toBe(true);
  }, 30_000);
});
