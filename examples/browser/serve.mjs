// A static server for the page: dist/ at /, and the repository's data/iris.csv at /data/iris.csv.
// With `isolated`, every answer carries Cross-Origin-Opener-Policy: same-origin and
// Cross-Origin-Embedder-Policy: require-corp, which make the page cross-origin isolated (it then
// has SharedArrayBuffer, and bpnn's wasm threads). `node serve.mjs [--isolated] [--port N]`.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.csv': 'text/csv; charset=utf-8' };
const dist = new URL('dist/', import.meta.url);
const data = new URL('../../data/', import.meta.url);

/** Starts the server on 127.0.0.1; resolves with its address and a function that stops it. */
export function serve({ isolated = false, port = 0 } = {}) {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = path === '/' ? new URL('index.html', dist) : path === '/data/iris.csv' ? new URL('iris.csv', data) : /^\/[\w.-]+$/.test(path) ? new URL(path.slice(1), dist) : null;
    const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    try {
      if (file === null) throw new Error('not served');
      const body = await readFile(fileURLToPath(file));
      response.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file.pathname)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      response.end(`not found: ${path}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ url: `http://127.0.0.1:${bound}/`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const isolated = process.argv.includes('--isolated');
  const at = process.argv.indexOf('--port');
  const { url } = await serve({ isolated, port: at > 0 ? Number(process.argv[at + 1]) : 8080 });
  console.log(`serving the bpnn browser example at ${url}${isolated ? ' (cross-origin isolated)' : ''}; Ctrl-C stops`);
}
