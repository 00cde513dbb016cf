/** The OpenAPI paths of the service's own endpoints: liveness, readiness, metrics, this document. */
import { mayNeedToken } from './security.js';
import { errors, jsonContent, schemaRef } from './responses.js';

export function servicePaths() {
  return {
    '/healthz': {
      get: { tags: ['service'], operationId: 'health', summary: 'The process is alive.', responses: { 200: { description: 'Alive.', content: jsonContent('Health') }, ...errors() } },
    },
    '/readyz': {
      get: {
        tags: ['service'],
        operationId: 'ready',
        summary: 'The models have been loaded.',
        responses: {
          200: { description: 'Ready.', content: jsonContent('Ready') },
          503: {
            description: 'Still loading the models folder.',
            headers: { 'Retry-After': { description: 'Seconds to wait before asking again.', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } } },
            content: { 'application/json': { schema: schemaRef('Ready') } },
          },
          ...errors(),
        },
      },
    },
    '/metrics': {
      get: {
        tags: ['service'],
        operationId: 'metrics',
        summary: 'Prometheus metrics: requests by route/method/status, latency histogram, rows predicted, jobs by state, models loaded.',
        security: mayNeedToken,
        responses: { 200: { description: 'Prometheus text exposition format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors(401) },
      },
    },
    '/openapi.json': {
      get: {
        tags: ['service'],
        operationId: 'openapi',
        summary: 'This document.',
        responses: { 200: { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object', additionalProperties: {} } } } }, ...errors() },
      },
    },
  };
}
