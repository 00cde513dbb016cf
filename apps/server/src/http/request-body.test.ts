/**
 * Bodies and requests that are wrong before any route reads them, over real sockets: a declared
 * Content-Length over the limit is a 413 at once (the body never read, the connection closed); a
 * request with the right Content-Type and no body a 400 saying what it takes; a body that is not
 * the gzip (or brotli, or zstd) it claims, or JSON in UTF-16, a 400 and a 415 naming the encoding; and what Node's HTTP
 * parser refuses (a malformed request line or header, no Host, headers over 16 KiB, a body longer
 * than its Content-Length, headers too slow) a JSON error with the right status. The server keeps
 * serving after each.
 */
import express from 'express';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import zlib, { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError } from './client-errors.js';
import { irisBytes, json, tempFolder, testServer, type TestServer } from '../../test/helpers.js';

const folder = tempFolder();
let server: TestServer;
beforeAll(async () => {
  server = await testServer(folder.path); // body limit 1 MiB
  await fetch(`${server.url}/v1/models/iris`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: await irisBytes() });
});
afterAll(async () => {
  await server.close();
  folder.remove();
});

interface Answer {
  status: number;
  headers: string;
  body: any;
}

/** Sends `text` on a new connection and reads every answer until the server closes it (or `timeoutMs`). */
async function raw(port: number, text: string, timeoutMs = 5000): Promise<{ answers: Answer[]; closedAfterMs: number }> {
  const started = Date.now();
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.on('error', () => {});
  socket.write(text);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close the connection within ${timeoutMs} ms; got ${JSON.stringify(received.slice(0, 300))}`));
    }, timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const answers: Answer[] = [];
  let rest = received;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    const headers = rest.slice(0, end);
    const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
    const body = rest.slice(end + 4, end + 4 + length);
    answers.push({ status: Number(headers.split(' ')[1]), headers, body: length > 0 ? JSON.parse(body) : undefined });
    rest = rest.slice(end + 4 + length);
  }
  return { answers, closedAfterMs: Date.now() - started };
}

const alive = async () => expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

describe('request bodies', () => {
  it('a declared Content-Length over the limit is a 413 at once, and the connection closed unread', async () => {
    for (const path of ['/v1/jobs', '/v1/models/iris', '/v1/models/iris/predict']) {
      const method = path === '/v1/models/iris' ? 'PUT' : 'POST';
      const { answers, closedAfterMs } = await raw(server.port, `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n{"name":`);
      expect(answers.map((a) => [a.status, a.body])).toEqual([[413, { error: 'request body is 20000000 bytes (Content-Length), more than the limit of 1048576 bytes' }]]);
      expect(answers[0]!.headers).toMatch(/\r\nconnection: close/i);
      expect(closedAfterMs).toBeLessThan(2000);
    }
    await alive();
  });

  it('a body without Content-Length is a 413 as soon as it passes the limit, though its sender never stops', async () => {
    // 1.2 MB in chunks of 64 KiB, and no last chunk: body-parser answered only once the request had ended.
    const chunk = `10000\r\n${'1'.repeat(0x10000)}\r\n`;
    for (const [request, type] of [['POST /v1/models/iris/predict', 'application/json'], ['PUT /v1/models/y', 'application/octet-stream'], ['POST /v1/jobs', 'application/json']]) {
      const { answers } = await raw(server.port, `${request} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.repeat(18)}`);
      expect(answers.map((a) => [a.status, a.body]), request).toEqual([[413, { error: 'request body is larger than the limit of 1048576 bytes' }]]);
      expect(answers[0]!.headers).toMatch(/\r\nconnection: close/i);
    }
    await alive();
  });

  it('an error answered before the body is read closes the connection, rather than reading a body of any length', async () => {
    // Content-Length within the limit (1 MiB), but only its first bytes sent: the answer comes before the body, which is never read.
    const cases = [
      ['POST /v1/nothing', 'application/json', 404, 'no route for POST /v1/nothing'],
      ['DELETE /v1/models', 'application/json', 405, 'DELETE is not allowed on /v1/models; it takes GET, HEAD'],
      ['PUT /v1/models/y', 'text/plain', 415, 'PUT /v1/models/:name takes a .bpnn file (Content-Type: application/octet-stream) or its JSON form (application/json), got "text/plain"'],
    ] as const;
    for (const [request, type, status, error] of cases) {
      const { answers } = await raw(server.port, `${request} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: 1000000\r\n\r\n${'x'.repeat(1000)}`);
      expect(answers.map((a) => [a.status, a.body]), request).toEqual([[status, { error }]]);
      expect(answers[0]!.headers).toMatch(/\r\nconnection: close/i);
    }
    await alive();
  });

  it('a body sent with a request that takes none is not read: the answer as usual, the connection closed', async () => {
    // A GET declaring 50 GB, of which 1,000 bytes come: it was answered, then read for as long as its sender sent (120 s).
    for (const [request, status] of [['GET /v1/models', 200], ['GET /v1/models/iris', 200], ['GET /v1/nothing', 404]] as const) {
      const { answers, closedAfterMs } = await raw(server.port, `${request} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50000000000\r\n\r\n${'x'.repeat(1000)}`);
      expect(answers.map((a) => a.status), request).toEqual([status]);
      expect(answers[0]!.headers).toMatch(/\r\nconnection: close/i);
      expect(closedAfterMs).toBeLessThan(2000);
    }
    // Chunked, never ending.
    const { answers } = await raw(server.port, `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n${'y'.repeat(16)}\r\n`);
    expect(answers.map((a) => [a.status, a.body])).toEqual([[200, { models: [expect.objectContaining({ name: 'iris' })] }]]);
    // Content-Length: 0 is no body: the connection stays open for the next request.
    const kept = await raw(server.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(kept.answers.map((a) => a.status)).toEqual([200, 200]);
    await alive();
  });

  it('the right Content-Type and no body is a 400 saying what the request takes', async () => {
    const put = await fetch(`${server.url}/v1/models/x`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' } });
    expect(put.status).toBe(400);
    expect(await json(put)).toEqual({ error: 'the request has no body: PUT /v1/models/x takes a .bpnn file (Content-Type: application/octet-stream) or its JSON form (application/json)' });
    const job = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(job.status).toBe(400);
    expect(await json(job)).toEqual({ error: 'the request has no body: POST /v1/jobs takes a JSON body (Content-Type: application/json)' });
    // Without Content-Length at all (curl -X POST sends none).
    const { answers } = await raw(server.port, 'POST /v1/models/iris/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n');
    expect(answers.map((a) => [a.status, a.body])).toEqual([[400, { error: 'the request has no body: POST /v1/models/iris/predict takes a JSON body (Content-Type: application/json)' }]]);
  });

  it('a body that is not the gzip it claims is a 400 saying so; JSON in a charset other than UTF-8 a 415 naming it', async () => {
    const notGzip = await fetch(`${server.url}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{"inputs": [[1, 2, 3, 4]]}' });
    expect(notGzip.status).toBe(400);
    expect(await json(notGzip)).toEqual({ error: 'request body is not valid gzip data (Content-Encoding: gzip): incorrect header check' });
    const gzip = await fetch(`${server.url}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8', 'content-encoding': 'gzip' }, body: gzipSync('{"inputs": [[5.1, 3.5, 1.4, 0.2]]}') });
    expect(gzip.status).toBe(200);
    // Brotli and zstd say "Decompression failed" and "Unknown frame descriptor", with codes of their own.
    const notBrotli = await fetch(`${server.url}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: '{"inputs": [[1, 2, 3, 4]]}' });
    expect(notBrotli.status).toBe(400);
    expect(await json(notBrotli)).toEqual({ error: 'request body is not valid br data (Content-Encoding: br): Decompression failed' });
    const brotli = await fetch(`${server.url}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, body: brotliCompressSync('{"inputs": [[5.1, 3.5, 1.4, 0.2]]}') });
    expect(brotli.status).toBe(200);
    const notZstd = await fetch(`${server.url}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' }, body: '{"inputs": [[1, 2, 3, 4]]}' });
    // zstd is read where node:zlib has it (Node 22.15 and later), and refused by name before.
    if ('createZstdDecompress' in zlib) {
      expect(notZstd.status).toBe(400);
      expect(await json(notZstd)).toEqual({ error: 'request body is not valid zstd data (Content-Encoding: zstd): Unknown frame descriptor' });
    } else {
      expect(notZstd.status).toBe(415);
      expect(await json(notZstd)).toEqual({ error: 'unsupported content encoding "zstd"' });
    }
    const utf16 = Buffer.from('{"inputs": [[5.1, 3.5, 1.4, 0.2]]}', 'utf16le');
    const predict = await fetch(`${server.url}/v1/models/iris/predict`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-16le' }, body: utf16 });
    expect(predict.status).toBe(415);
    expect(await json(predict)).toEqual({ error: 'POST /v1/models/iris/predict takes JSON in UTF-8, got charset "utf-16le"' });
    const upload = await fetch(`${server.url}/v1/models/y`, { method: 'PUT', headers: { 'content-type': 'application/json; charset=utf-16le' }, body: utf16 });
    expect(upload.status).toBe(415);
    expect(await json(upload)).toEqual({ error: 'PUT /v1/models/y takes JSON in UTF-8, got charset "utf-16le"' });
    await alive();
  });
});

describe("what Node's HTTP parser refuses", () => {
  it('is a JSON error with the status Node gives, and the connection closed', async () => {
    const cases: Array<[string, string, number, string | RegExp]> = [
      ['a malformed request line', 'NOT A REQUEST\r\n\r\n', 400, /^malformed HTTP request: /],
      ['a malformed header', 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n', 400, /^malformed HTTP request: /],
      ['no Host', 'GET /healthz HTTP/1.1\r\n\r\n', 400, 'the Host header is missing; an HTTP/1.1 request must have one'],
      ['headers over 16 KiB', `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`, 431, 'the request headers are larger than the server takes (16 KiB in all)'],
    ];
    for (const [what, text, status, message] of cases) {
      const { answers } = await raw(server.port, text);
      expect(answers, what).toHaveLength(1);
      expect(answers[0]!.status, what).toBe(status);
      expect(answers[0]!.headers, what).toMatch(/content-type: application\/json/i);
      expect(answers[0]!.body.error, what).toMatch(message);
    }
    // A body longer than its Content-Length: the first request is answered, the rest is a malformed one.
    const { answers } = await raw(server.port, 'POST /v1/models/iris/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}{"inputs": [[1, 2, 3, 4]]}\r\n\r\n');
    expect(answers.map((a) => a.status)).toEqual([400, 400]);
    expect(answers[0]!.body.error).toMatch(/inputs/); // the body "{}" read and checked
    expect(answers[1]!.body.error).toMatch(/^malformed HTTP request: /);
    await alive();
  });

  it('headers that take too long are a 408 in JSON', async () => {
    // A server of its own, with the timeouts short and checked often (bpnn-server's: 30 s and 120 s).
    const app = express();
    app.get('/', (_req, res) => void res.json({}));
    const slow: Server = createServer({ headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 50 }, app);
    slow.on('clientError', answerClientError(slow));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const { answers } = await raw((slow.address() as AddressInfo).port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      expect(answers.map((a) => [a.status, a.body])).toEqual([[408, { error: 'the request did not arrive in time (its headers within 0.3 s, all of it within 0.6 s)' }]]);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('a body that stops arriving half way is a 408 in JSON, not a connection closed without an answer', async () => {
    const app = express();
    app.post('/', express.raw({ type: () => true }), (_req, res) => void res.json({}));
    const slow: Server = createServer({ headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 50 }, app);
    slow.on('clientError', answerClientError(slow));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      // The headers arrive, then one chunk of the body, and nothing more (a slowloris on the body).
      const { answers } = await raw((slow.address() as AddressInfo).port, 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"inp\r\n');
      expect(answers.map((a) => [a.status, a.body])).toEqual([[408, { error: 'the request did not arrive in time (its headers within 0.3 s, all of it within 0.6 s)' }]]);
      expect(answers[0]!.headers).toMatch(/\r\nconnection: close/i);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
