/**
 * The server's public API as the page calls it: the same routes and bodies as any HTTP client
 * (README's route table). Every failure is an ApiError carrying the server's own message. Every
 * request carries the tab's token when it has one (a server with --read-token wants one for reads
 * too); a 401, or a 403 for a read token sent with a change, asks for the token and tries once more.
 */
import { askToken, forgetToken, storedToken } from './token.js';
import type { Explanation, Job, ModelDetails, ModelFile, ModelSummary, Prediction } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Call {
  method?: string;
  body?: unknown;
  accept?: string;
}

async function call(path: string, { method = 'GET', body, accept = 'application/json' }: Call = {}): Promise<Response> {
  const send = (token: string | null) => {
    const headers: Record<string, string> = { accept };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token !== null) headers.authorization = `Bearer ${token}`;
    // fetch rejects (a TypeError, "Failed to fetch") only when no answer came: the server is down or unreachable.
    return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).catch(() => {
      throw new ApiError(0, 'the server cannot be reached: it may have stopped, or the network is down');
    });
  };
  const sent = storedToken();
  let response = await send(sent);
  // RFC 6750: a token that is right but may not do this (the read token, for a change) is a 403 with error="insufficient_scope".
  const readOnly = response.status === 403 && /insufficient_scope/.test(response.headers.get('www-authenticate') ?? '');
  if (response.status === 401 || readOnly) {
    const now = storedToken();
    if (now !== null && now !== sent) {
      response = await send(now); // another request asked for the token meanwhile
    } else {
      forgetToken();
      const refused = await errorMessage(response);
      const message = readOnly
        ? `${method} ${path} needs the server's token that may change models and jobs; the one given may only read.`
        : sent !== null ? 'The token was not accepted; enter it again.' : `${method} ${path} needs the server's token.`;
      const token = await askToken(message);
      if (token === null) throw new ApiError(response.status, `the server answered ${readOnly ? '403 Forbidden' : '401 Unauthorized'} (${refused}), and no token was given`);
      response = await send(token);
    }
  }
  if (!response.ok) throw new ApiError(response.status, (await errorMessage(response)) || `${method} ${path}: status ${response.status}`);
  return response;
}

/** The server's own message in a failed answer: its JSON `error`, else its text. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text; // not JSON: the text as it is
  }
}

const asJson = async <T>(response: Promise<Response>): Promise<T> => (await response).json() as Promise<T>;
const model = (name: string) => `/v1/models/${encodeURIComponent(name)}`;

export const api = {
  models: () => asJson<{ models: ModelSummary[] }>(call('/v1/models')).then((r) => r.models),
  model: (name: string) => asJson<ModelDetails>(call(model(name))),
  /** The JSON form of the model: its weights, by tensor name. */
  modelFile: (name: string) => asJson<ModelFile>(call(`${model(name)}/file`)),
  fileUrl: (name: string) => `${model(name)}/file`,
  deleteModel: (name: string) => call(model(name), { method: 'DELETE' }).then(() => undefined),
  predict: (name: string, body: { rows: Array<Record<string, unknown>> } | { inputs: number[][] }) => asJson<Prediction>(call(`${model(name)}/predict`, { method: 'POST', body })),
  explain: (name: string, row: Record<string, unknown>, top = 10) => asJson<Explanation>(call(`${model(name)}/explain`, { method: 'POST', body: { row, top } })),
  startJob: (request: Record<string, unknown>) => asJson<Job>(call('/v1/jobs', { method: 'POST', body: request })),
  /** Every job the server keeps, without their epochs, oldest first. */
  jobs: () => asJson<{ jobs: Job[] }>(call('/v1/jobs')).then((r) => r.jobs),
  job: (id: string) => asJson<Job>(call(`/v1/jobs/${encodeURIComponent(id)}`)),
  cancelJob: (id: string) => asJson<Job>(call(`/v1/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' })),
};
