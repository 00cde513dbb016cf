/**
 * A job request trains what the library trains: the options a plain request resolves to are core's
 * defaults (the same weights, bit for bit, as Model.train with no options), and validationSplit 0
 * is accepted and means no hold-out, as in the library and `bpnn train`.
 */
import { autoDefaults, Model, VALIDATION_SPLIT_WITH_EARLY_STOPPING } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IRIS_CSV, json, jobIn, postJson, tempFolder, testServer, type TestServer } from '../../test/helpers.js';
import { readJobData } from './job-data.js';
import { jobOptionsSchema, jobRequestSchema, trainOptions } from './job-request.js';

const trainJob = async (body: Record<string, unknown>) => {
  const request = jobRequestSchema.parse({ name: 'iris', csv: IRIS_CSV, target: 'species', ...body });
  return Model.train(await readJobData(request), trainOptions(request));
};

describe('a job request and core share their defaults', () => {
  it('a plain request trains the model that Model.train with no options trains', async () => {
    const data = await readCsvDataset(IRIS_CSV, { target: 'species' });
    const job = await trainJob({});
    const library = Model.train(data);
    expect(job.result.epochs).toBe(library.result.epochs);
    expect(job.model.network.layers).toEqual([4, ...autoDefaults({ rows: 150, inputs: 4, outputs: 3, task: 'classification' }).hidden, 3]);
    expect(job.model.network.layers).toEqual(library.model.network.layers);
    // Both chose core's automatic defaults, and the training record says which.
    expect(job.model.training?.options.auto).toEqual(library.model.training?.options.auto);
    expect(job.model.training?.options.auto).toMatchObject({ batchSize: autoDefaults({ rows: 150, inputs: 4, outputs: 3, task: 'classification' }).batchSize });
    expect(job.model.network.params).toEqual(library.model.network.params);
    expect(job.result.history.map((h) => h.valLoss)).toEqual(library.result.history.map((h) => h.valLoss));
  });

  it('accepts validationSplit 0 (no hold-out, as the default without early stopping)', async () => {
    const plain = await trainJob({ epochs: 10 });
    const none = await trainJob({ epochs: 10, validationSplit: 0 });
    expect(none.result.history[0].valLoss).toBeUndefined();
    expect(none.model.network.params).toEqual(plain.model.network.params);
  });

  it('early stopping holds out core’s default share, as the library does', async () => {
    const data = await readCsvDataset(IRIS_CSV, { target: 'species' });
    const job = await trainJob({ epochs: 30, patience: 5 });
    const library = Model.train(data, { epochs: 30, earlyStopping: { patience: 5 }, validationSplit: VALIDATION_SPLIT_WITH_EARLY_STOPPING });
    expect(job.result.history.map((h) => h.valLoss)).toEqual(library.result.history.map((h) => h.valLoss));
    expect(job.model.network.params).toEqual(library.model.network.params);
    expect(jobOptionsSchema.shape.validationSplit.description).toContain(`or ${VALIDATION_SPLIT_WITH_EARLY_STOPPING} with early stopping`);
  });
});

describe('a job request takes the training tools', () => {
  it('schedule and dropout train what Model.train trains with them; rprop refuses a schedule', async () => {
    const data = await readCsvDataset(IRIS_CSV, { target: 'species' });
    const tools = { schedule: { name: 'reduce-on-plateau', patience: 1, factor: 0.5 }, dropout: [0.2] } as const;
    const job = await trainJob({ epochs: 5, hidden: [8], ...tools });
    const library = Model.train(data, { epochs: 5, hidden: [8], ...tools });
    expect(job.model.network.params).toEqual(library.model.network.params);
    const refused = jobRequestSchema.safeParse({ name: 'iris', csv: IRIS_CSV, target: 'species', optimizer: 'rprop', schedule: { name: 'cosine' } });
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['schedule', 'does not apply to rprop, which has no learning rate']]);
    expect(jobRequestSchema.safeParse({ name: 'iris', csv: IRIS_CSV, target: 'species', dropout: 1 }).success).toBe(false);
    expect(jobRequestSchema.safeParse({ name: 'iris', csv: IRIS_CSV, target: 'species', schedule: { name: 'step', factor: 0.5 } }).success).toBe(false);
  });
});

describe('bitFail and bitFailLimit', () => {
  it("are core's stopAtBitFail: the job stops where the library does", async () => {
    const request = jobRequestSchema.parse({ name: 'iris', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: 600, bitFail: 20, bitFailLimit: 0.3 });
    expect(trainOptions(request).stopAtBitFail).toEqual({ count: 20, limit: 0.3 });
    const job = await trainJob({ hidden: [8], epochs: 600, bitFail: 20, bitFailLimit: 0.3 });
    const library = Model.train(await readCsvDataset(IRIS_CSV, { target: 'species' }), { hidden: [8], epochs: 600, stopAtBitFail: { count: 20, limit: 0.3 } });
    expect(job.result.stoppedBy).toBe('bit-fail');
    expect(job.result.epochs).toBe(library.result.epochs);
    expect(jobRequestSchema.safeParse({ name: 'iris', csv: IRIS_CSV, target: 'species', bitFailLimit: 0.3 }).error?.issues[0]).toMatchObject({ path: ['bitFailLimit'], message: 'needs bitFail' });
  });
});

describe('classWeights and l1', () => {
  it("is core's classWeights: 'balanced', a list or an object by label", async () => {
    const data = await readCsvDataset(IRIS_CSV, { target: 'species' });
    for (const classWeights of ['balanced', [1, 2, 3], { virginica: 4 }] as const) {
      const job = await trainJob({ hidden: [4], epochs: 3, classWeights });
      expect(job.model.network.params).toEqual(Model.train(data, { hidden: [4], epochs: 3, classWeights }).model.network.params);
    }
    expect(jobRequestSchema.safeParse({ name: 'iris', csv: IRIS_CSV, target: 'species', classWeights: 'heavy' }).success).toBe(false);
  });

  it("l1 is core's l1", async () => {
    const data = await readCsvDataset(IRIS_CSV, { target: 'species' });
    const job = await trainJob({ hidden: [4], epochs: 3, l1: 0.01 });
    expect(job.model.network.params).toEqual(Model.train(data, { hidden: [4], epochs: 3, l1: 0.01 }).model.network.params);
  });
});

describe('POST /v1/jobs with validationSplit 0', () => {
  let server: TestServer;
  const folder = tempFolder();
  beforeAll(async () => {
    server = await testServer(folder.path);
  });
  afterAll(async () => {
    await server.close();
    folder.remove();
  });

  it('is accepted and trains without a validation loss', async () => {
    const response = await postJson(`${server.url}/v1/jobs`, { name: 'no-holdout', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: 5, validationSplit: 0 });
    const body = await json(response);
    expect(response.status).toBe(202);
    const record = await jobIn(server.url, body.id, ['succeeded']);
    expect(record.losses).toHaveLength(5);
    expect(record.losses[0].valLoss).toBeUndefined();
    const refused = await postJson(`${server.url}/v1/jobs`, { name: 'bad', csv: IRIS_CSV, target: 'species', validationSplit: 1 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await json(refused))).toContain('validationSplit');
  });
});
