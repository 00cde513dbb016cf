/**
 * Holds HTTP answers against the OpenAPI document with ajv (JSON Schema 2020-12, as OpenAPI 3.1
 * takes it): the status must be one the operation documents (or its `default`), the media type
 * one the answer lists, a JSON body valid against its schema, and every required header present
 * and valid. An independent check: ajv knows nothing of zod.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const BASE = 'https://bpnn.test/schemas/';

export interface Answer {
  method: string;
  /** The path as the document writes it, e.g. /v1/models/{name}; null for a path it does not have. */
  path: string | null;
  status: number;
  headers: Headers;
  body: string;
}

interface ResponseObject {
  $ref?: string;
  description?: string;
  headers?: Record<string, { required?: boolean; schema: object }>;
  content?: Record<string, { schema?: object }>;
}

export class OpenApiCheck {
  private readonly ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: any) {
    addFormats.default(this.ajv);
    // Each component schema on its own, its $refs rewritten to the others' ids.
    const schemas = JSON.parse(JSON.stringify(document.components.schemas).replaceAll('"#/components/schemas/', `"${BASE}`));
    for (const [name, schema] of Object.entries(schemas)) this.ajv.addSchema({ ...(schema as object), $id: `${BASE}${name}` });
  }

  /** The problems of `value` against schema component `name` (empty when valid). */
  schemaErrors(name: string, value: unknown): string[] {
    return this.errorsOf({ $ref: `${BASE}${name}` }, value);
  }

  /** The path template of the document that matches a concrete path, or null. */
  pathOf(path: string): string | null {
    for (const template of Object.keys(this.document.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (pattern.test(path)) return template;
    }
    return null;
  }

  /** The problems of an answer against the document (empty when it conforms). */
  answerErrors(answer: Answer): string[] {
    const where = `${answer.method} ${answer.path ?? '(no such path)'} → ${answer.status}`;
    const response = this.responseFor(answer);
    if (response === undefined) return [`${where}: the document lists no such answer`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const value = answer.headers.get(name);
      if (value === null) {
        if (header.required) problems.push(`${where}: header ${name} is missing`);
        continue;
      }
      for (const error of this.errorsOf(JSON.parse(JSON.stringify(header.schema).replaceAll('"#/components/schemas/', `"${BASE}`)), value)) problems.push(`${where}: header ${name}: ${error}`);
    }
    const type = (answer.headers.get('content-type') ?? '').split(';')[0].trim();
    if (response.content === undefined) {
      if (answer.body !== '') problems.push(`${where}: the document says no body, got ${answer.body.slice(0, 80)}`);
      return problems;
    }
    const media = response.content[type];
    if (media === undefined) return [...problems, `${where}: content type ${type || '(none)'} is not one of ${Object.keys(response.content).join(', ')}`];
    if (type === 'application/json' && media.schema !== undefined) {
      const schema = JSON.parse(JSON.stringify(media.schema).replaceAll('"#/components/schemas/', `"${BASE}`));
      for (const error of this.errorsOf(schema, JSON.parse(answer.body))) problems.push(`${where}: body ${error}`);
    }
    return problems;
  }

  private responseFor(answer: Answer): ResponseObject | undefined {
    const { responses } = this.document.components;
    if (answer.path === null) return answer.status === 404 ? responses.NotFound : undefined;
    const item = this.document.paths[answer.path];
    const operation = item?.[answer.method.toLowerCase()];
    if (operation === undefined) return answer.status === 405 ? responses.MethodNotAllowed : undefined;
    const response: ResponseObject | undefined = operation.responses[answer.status] ?? operation.responses.default;
    return response?.$ref === undefined ? response : responses[response.$ref.replace('#/components/responses/', '')];
  }

  private errorsOf(schema: object, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message} (${JSON.stringify(error.params)})`);
  }
}
