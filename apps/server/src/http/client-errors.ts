/**
 * Answers to requests that never reach the app because Node's HTTP parser refused them (the
 * server's 'clientError' event): a malformed request line or header, a body longer than its
 * Content-Length (the rest reads as a malformed request), headers over Node's 16 KiB, headers or a
 * request that took too long. Node's own answer is a bare status with an empty body; this one is
 * JSON like every other error (`{"error": message}`), the status as Node would give it, then the
 * connection closes. When the request before it on the connection is still being answered (the
 * bytes after a body are the malformed request), that answer goes first. A socket that can no
 * longer be written to is only closed.
 */
import { ServerResponse, STATUS_CODES, type OutgoingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** The status and message for a parser's or a timeout's error code. */
export function describeClientError(error: Error & { code?: string; reason?: string }, timeouts: { headersTimeout: number; requestTimeout: number }): { status: number; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'the request headers are larger than the server takes (16 KiB in all)' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, message: 'the request body\'s chunk extensions are larger than the server takes' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: `the request did not arrive in time (its headers within ${timeouts.headersTimeout / 1000} s, all of it within ${timeouts.requestTimeout / 1000} s)` };
    default:
      return { status: 400, message: `malformed HTTP request: ${(error.reason ?? error.message).replace(/\.$/, '')}` };
  }
}

/** The 'clientError' listener of `server` (whose timeouts it names): a JSON answer where the socket still takes one, then the socket closed. */
export function answerClientError(timeouts: { headersTimeout: number; requestTimeout: number }) {
  return (error: Error & { code?: string }, socket: Duplex): void => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, message } = describeClientError(error, timeouts);
    const body = JSON.stringify({ error: message });
    const answer = () => {
      if (!socket.writable) return void socket.destroy();
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    };
    // Node's own field: the response being written on this socket, if any.
    const answering = (socket as Duplex & { _httpMessage?: OutgoingMessage | null })._httpMessage;
    if (answering != null && !answering.writableFinished) {
      if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
        // A body that stopped arriving (a stalled upload, a slowloris): the route still waits for
        // it and its answer has not begun, so the 408 is that answer; the route then sees the
        // connection close. An answer already begun cannot be taken back: the socket is closed.
        if (answering instanceof ServerResponse && !answering.headersSent) {
          answering.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close' }).end(body);
          return;
        }
        return void socket.destroy();
      }
      answering.once('finish', answer);
      return;
    }
    answer();
  };
}
