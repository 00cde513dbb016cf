/**
 * The API contract, checked with independent tools: openapi-typescript generates types from the
 * /openapi.json a real server serves; TypeScript (--strict) must accept contract/client.ts, a
 * program written against those types with openapi-fetch and no casts, and reject its marked
 * lines; the program then runs against the server, and every answer it gets (successes and the
 * errors 400, 401, 404, 405, 409, 413, 415, 422, 429) is held against the document with ajv.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, iris, irisBytes, json, tempFolder, testServer, type TestServer } from '../test/helpers.js';
import { OpenApiCheck } from '../test/openapi-check.js';

const run = promisify(execFile);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const CONTRACT = here('../contract/');
const GENERATED = here('../contract/generated/');
const TOKEN = 'contract-token';

interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

let server: TestServer;
const folder = tempFolder();

beforeAll(async () => {
  server = await testServer(folder.path, { token: TOKEN, bodyLimit: 64 * 1024, maxJobs: 1, maxQueue: 1 });
});

afterAll(async () => {
  await server.close();
  folder.remove();
});

/** Types from an OpenAPI document (a URL or a file), by openapi-typescript's own command line. */
async function generateTypes(source: string): Promise<void> {
  rmSync(GENERATED, { recursive: true, force: true });
  mkdirSync(GENERATED, { recursive: true });
  const cli = here('../node_modules/openapi-typescript/bin/cli.js');
  await run(process.execPath, ['--import', here('../test/typescript-5.mjs'), cli, source, '--output', `${GENERATED}api.ts`]);
}

/** tsc --strict over the program and the generated types: its complaints ('' when none). */
async function typecheck(): Promise<string> {
  return run(here('../node_modules/.bin/tsc'), ['-p', `${CONTRACT}tsconfig.json`]).then(() => '', (error: { stdout: string }) => error.stdout);
}

describe('a client generated from /openapi.json by openapi-typescript', () => {
  it('could not be used without casts against the document before issue 12 (the check can fail)', async () => {
    // contract/openapi-before.json: the document as served before; the same program fails on it.
    await generateTypes(`${CONTRACT}openapi-before.json`);
    const complaints = await typecheck();
    expect(complaints).toMatch(/Type 'Uint8Array<[^']*>' is not assignable to type 'string/); // 11: a binary upload typed as a string
    expect(complaints).toMatch(/Property 'hidden' does not exist on type '\{\}'/); // 12: a job's options typed as an empty record
    expect(complaints).toMatch(/Property 'model' does not exist on type '\{\}'/); // 12: the model's JSON form likewise
    expect(complaints).toMatch(/contract\/client\.ts\(\d+,\d+\): error TS2578: Unused '@ts-expect-error' directive/); // 13: {} type-checks as a predict body
  }, 60_000);

  it('type-checks (tsc --strict, no casts), reaches every route, and every answer matches the document', async () => {
    await generateTypes(`${server.url}/openapi.json`);
    // An unused @ts-expect-error (a refused body that type-checks) is a complaint too.
    expect(await typecheck()).toBe('');

    const model = await iris();
    const flower = IRIS_CSV.trim().split('\n')[1].split(',').slice(0, 4).map(Number);
    const clientModule = `${CONTRACT}client.ts`;
    const { exercise } = (await import(/* @vite-ignore */ clientModule)) as { exercise: (options: object) => Promise<Exchange[]> };
    const exchanges = await exercise({
      baseUrl: server.url,
      token: TOKEN,
      modelBytes: await irisBytes(),
      columns: [...model.inputNames],
      row: flower,
      csv: IRIS_CSV,
      target: 'species',
      oversizedRows: 5000, // about 100 KiB of JSON, over the 64 KiB limit
    });

    const document = await json(await fetch(`${server.url}/openapi.json`));
    const check = new OpenApiCheck(document);
    const answers = exchanges.map((exchange) => ({ ...exchange, path: check.pathOf(new URL(exchange.url).pathname) }));
    expect(answers.flatMap((answer) => check.answerErrors(answer))).toEqual([]);

    // Every operation of the document was called, and every error a client can meet was seen.
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item as object).filter((key) => key !== 'parameters').map((method) => `${method.toUpperCase()} ${path}`));
    const called = new Set(answers.map((answer) => `${answer.method} ${answer.path}`));
    expect(operations.filter((operation) => !called.has(operation))).toEqual([]);
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200, 201, 202, 204, 400, 401, 404, 405, 409, 413, 415, 422, 429]));
  }, 60_000);
});
