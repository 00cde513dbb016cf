/**
 * Who may call what, for the OpenAPI document: the bearer scheme, and the requirement that the
 * operations needing the token carry (those answer 401 without it). Tokens for reads would be one
 * more scheme or requirement here.
 */

export const securitySchemes = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'Required for PUT, DELETE and POST /v1/jobs when the server has BPNN_TOKEN, and for every read but /healthz, /readyz and /openapi.json when it has BPNN_READ_TOKEN (either token is then accepted for reads).',
  },
};

/** The `security` of a read: none, or the bearer token when the server has a read token. */
export const mayNeedToken = [{}, { bearer: [] }];

/** The `security` of an operation that changes state. */
export const needsToken = [{ bearer: [] }];
