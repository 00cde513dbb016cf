/**
 * The OpenAPI 3.1 document served at /openapi.json. Its schemas are generated from the zod schemas
 * the server checks requests with and writes answers by (openapi/components.ts), so the document
 * cannot drift from the checks; the paths are grouped by resource (openapi/*-paths.ts) and the
 * error answers declared once (openapi/responses.ts). Tests hold the document against the app's
 * routes, and a client generated from it against a real server (contract.test.ts).
 */
import { schemaComponents } from './openapi/components.js';
import { jobPaths } from './openapi/jobs-paths.js';
import { modelPaths } from './openapi/models-paths.js';
import { responseComponents } from './openapi/responses.js';
import { securitySchemes } from './openapi/security.js';
import { servicePaths } from './openapi/service-paths.js';

const DESCRIPTION = `Serve and train back-propagation neural networks (bpnn models) over HTTP.

Every error is JSON, \`{"error": message}\`, and names the field, the constraint and the value. Besides
the statuses each operation lists, any path the API does not have answers 404, and a method a path
does not take answers 405 with \`Allow\` (components.responses.NotFound and MethodNotAllowed).`;

export function openApiDocument(options: { version: string; maxRows: number }) {
  return {
    openapi: '3.1.0',
    info: { title: 'bpnn-server', version: options.version, description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    tags: [{ name: 'service' }, { name: 'models' }, { name: 'jobs' }],
    paths: { ...servicePaths(), ...modelPaths(options), ...jobPaths() },
    components: {
      securitySchemes,
      schemas: schemaComponents(options),
      responses: responseComponents(),
    },
  };
}
