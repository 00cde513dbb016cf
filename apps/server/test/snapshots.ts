/**
 * What every job backend must do with snapshots (src/jobs/job-snapshot.ts), checked on a finished job's
 * live events: each is what the OpenAPI document's JobSnapshot says, their epochs rise, the last
 * one is `final`, comes just before the result, holds the stored model's weights
 * (GET /v1/models/:name/file, JSON form), and predicts what POST /v1/models/:name/predict answers.
 */
import { Model } from '@bpnn/core';
import { expect } from 'vitest';
import { openApiDocument } from '../src/openapi.js';
import { json, postJson, type SseEvent } from './helpers.js';
import { OpenApiCheck } from './openapi-check.js';

const check = new OpenApiCheck(openApiDocument({ version: '1', maxRows: 10_000 }));

export async function expectFinalSnapshot(events: SseEvent[], base: string, name: string, inputs: number[][]): Promise<void> {
  const snapshots = events.filter((e) => e.event === 'snapshot').map((e) => e.data);
  expect(snapshots.length).toBeGreaterThanOrEqual(1);
  expect(snapshots.flatMap((snapshot) => check.schemaErrors('JobSnapshot', snapshot))).toEqual([]);
  const live = snapshots.filter((s) => !s.final).map((s) => s.epoch);
  expect(live).toEqual([...live].sort((a, b) => a - b));
  expect(events.at(-1)!.event).toBe('result');
  expect(events.at(-2)).toMatchObject({ event: 'snapshot', id: undefined, data: { final: true } });
  const final = snapshots.at(-1);
  expect(final.model.training).toBeNull();
  const file = await json(await fetch(`${base}/v1/models/${name}/file`, { headers: { accept: 'application/json' } }));
  for (const [tensor, value] of Object.entries(final.model.tensors)) expect({ tensor, value }).toEqual({ tensor, value: file.tensors[tensor] });
  const predicted = await json(await postJson(`${base}/v1/models/${name}/predict`, { inputs }));
  expect(Array.from(Model.fromJSON(final.model).outputs(inputs).data)).toEqual(predicted.outputs.flat());
}
