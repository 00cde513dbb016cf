/**
 * For tests: a TCP proxy to a real PostgreSQL that can go silent as a partitioned network does:
 * it keeps every connection open and drops what either side sends, their FINs too (no FIN, no RST
 * reaches the other side), and accepts new
 * connections without answering them. Forwarding again, it passes new connections through (the
 * connections it went silent on have lost bytes: their clients must have given them up).
 */
import net from 'node:net';

export interface SilentProxy {
  /** The PostgreSQL URL `url` with the proxy's address instead of the server's, and `parameters` set. */
  url: string;
  port: number;
  silent: boolean;
  close(): void;
}

export async function silentProxy(url: string, parameters: Record<string, string> = {}): Promise<SilentProxy> {
  const target = new URL(url);
  const open = new Set<net.Socket>();
  const proxy = {
    silent: false,
    url: '',
    port: 0,
    close() {
      for (const socket of open) socket.destroy();
      server.close();
    },
  };
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => open.delete(socket));
  };
  // Half-open allowed: a side's FIN is passed on only while forwarding, as its bytes are.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    track(client);
    if (proxy.silent) return; // accepted, never answered
    const upstream = net.connect({ port: Number(target.port || 5432), host: target.hostname, allowHalfOpen: true });
    track(upstream);
    client.on('data', (chunk) => proxy.silent || upstream.write(chunk));
    upstream.on('data', (chunk) => proxy.silent || client.write(chunk));
    client.on('end', () => proxy.silent || upstream.end());
    upstream.on('end', () => proxy.silent || client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  const through = new URL(url);
  through.host = `127.0.0.1:${proxy.port}`;
  for (const [name, value] of Object.entries(parameters)) through.searchParams.set(name, value);
  proxy.url = through.toString();
  return proxy;
}
