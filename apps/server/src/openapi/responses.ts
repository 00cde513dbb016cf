/**
 * How operations answer, for the OpenAPI document: JSON content by schema name, and the error
 * answers, declared once here by status (component name, meaning, headers) and referred to by the
 * operations that give them. A new status (507 full disk, 503 busy, …) is one entry in ERRORS and
 * its number in the operations' `errors(…)`.
 */

export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const jsonContent = (name: string) => ({ 'application/json': { schema: schemaRef(name) } });

const header = (description: string, schema: object = { type: 'string' }) => ({ description, required: true, schema });
const retryAfter = header('Seconds to wait before trying again.', { type: 'string', pattern: '^[0-9]+$' });

/** Every error status the server answers with, by the component that describes it. */
export const ERRORS = {
  400: { name: 'BadRequest', description: 'The request is malformed or a field is wrong; the message names the field, the constraint and the value. Also: a request that needs a body and has none, a body that is not the gzip (or deflate, br, zstd) its Content-Encoding says, a new model\'s name that is a device name on Windows (`CON`, `NUL`, …), and for any request an HTTP/1.1 request without Host or one Node\'s parser refuses (`malformed HTTP request: …`).' },
  401: {
    name: 'Unauthorized',
    description: 'A token is configured (`--token` for changes, `--read-token` for reads) and the request lacks `Authorization: Bearer <token>` or carries a wrong one.',
    headers: { 'WWW-Authenticate': header('`Bearer realm="bpnn-server"`, with `error="invalid_token"` when the token sent is wrong (RFC 6750).') },
  },
  403: {
    name: 'Forbidden',
    description: 'The Host header names a host the server does not answer for (`--allowed-hosts`; loopback names by default on loopback): a guard against DNS rebinding. Or the request changes state and carries the read token, which may only read (`WWW-Authenticate: Bearer realm="bpnn-server", error="insufficient_scope"`).',
  },
  404: { name: 'NotFound', description: 'No such model or job (or, for any path the API does not have, no such route).' },
  405: {
    name: 'MethodNotAllowed',
    description: 'The path exists but does not take this method (any method not listed under a path gets this).',
    headers: { Allow: header('The methods the path takes, e.g. `GET, HEAD`.') },
  },
  409: { name: 'Conflict', description: 'The job has finished already; or a new model\'s name differs from an existing model\'s only in case (`IRIS` beside `iris`).' },
  413: { name: 'ContentTooLarge', description: 'The request body is larger than the configured limit (`--body-limit`); a Content-Length over it is refused at once, with `Connection: close`, the body unread.' },
  415: { name: 'UnsupportedMediaType', description: 'The Content-Type is not one the operation takes, or names a charset other than UTF-8 for JSON.' },
  422: { name: 'UnprocessableContent', description: 'The uploaded model is damaged or not a bpnn model (serialize\'s FileFormatError names the field).' },
  429: { name: 'TooManyRequests', description: 'The job queue is full, by count (`--max-queue`) or by bytes (`--max-queue-bytes`).', headers: { 'Retry-After': retryAfter } },
  500: { name: 'InternalError', description: 'A fault of the server; the body says only "internal error" (the details go to its log).' },
  503: {
    name: 'ServiceUnavailable',
    description: 'The server is shutting down (the answer also says `Connection: close`), or its request pool (for large bodies, model uploads and predictions) is full, or (for a job\'s events) `--max-streams` event streams are open.',
    headers: { 'Retry-After': retryAfter },
  },
  507: { name: 'InsufficientStorage', description: 'The disk is full: nothing was stored, and a model that was there is intact.', headers: { 'Retry-After': retryAfter } },
} as const;

export type ErrorStatus = keyof typeof ERRORS;

/** What any request can get: 403 for a Host the server does not answer for, 503 while it shuts down. */
const ANY_REQUEST: ErrorStatus[] = [403, 503];

/** An operation's error answers: the statuses it documents, those of any request, and `default` for any other (405, 500). */
export function errors(...statuses: ErrorStatus[]) {
  const answers: Record<string, { $ref: string }> = {};
  for (const status of [...statuses, ...ANY_REQUEST].sort((a, b) => a - b)) answers[status] = { $ref: `#/components/responses/${ERRORS[status].name}` };
  answers.default = { $ref: '#/components/responses/Error' };
  return answers;
}

/** `components.responses`: one per error status, and `Error` for the default answer. */
export function responseComponents() {
  const responses: Record<string, object> = {
    Error: { description: 'Any other error, e.g. 405 for a method the path does not take (with `Allow`), 408 for a request whose headers (30 s) or whole (120 s) came too slowly, 431 for headers over 16 KiB, or 500: always `{"error": message}`.', content: jsonContent('Error') },
  };
  for (const entry of Object.values(ERRORS)) {
    responses[entry.name] = { description: entry.description, ...('headers' in entry && { headers: entry.headers }), content: jsonContent('Error') };
  }
  return responses;
}
