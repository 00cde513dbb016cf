import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKED_CSV_LENGTH } from './job-data.js';
import { IRIS_CSV, json, jobIn, longJob, postJson, readEvents, tempFolder, testServer, waitFor, type SseEvent, type TestServer } from '../../test/helpers.js';
import { expectFinalSnapshot } from '../../test/snapshots.js';

let server: TestServer;
let base: string;
const folder = tempFolder();

beforeAll(async () => {
  server = await testServer(folder.path, { maxJobs: 1, maxQueue: 2 });
  base = server.url;
});

afterAll(async () => {
  await server.close();
  folder.remove();
});

const submit = async (body: unknown) => {
  const response = await postJson(`${base}/v1/jobs`, body);
  return { status: response.status, body: await json(response), location: response.headers.get('location') };
};

describe('training jobs', () => {
  it('trains in a worker, streams one event per epoch then the result, and stores the model under its name', async () => {
    const { status, body, location } = await submit({ name: 'iris-job', csv: IRIS_CSV, target: 'species', hidden: [8], epochs: 25, seed: 7, validationSplit: 0.2 });
    expect(status).toBe(202);
    expect(location).toBe(`/v1/jobs/${body.id}`);
    expect(body).toMatchObject({ name: 'iris-job', state: expect.stringMatching(/queued|running/), epochs: 25, options: { target: 'species', hidden: [8] } });
    const events = await readEvents(`${base}/v1/jobs/${body.id}/events`);
    const epochs = events.filter((e) => e.event === 'epoch');
    expect(epochs.map((e) => e.data.epoch)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(epochs.map((e) => e.id)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1)));
    expect(epochs[0].data).toMatchObject({ epochs: 25, loss: expect.any(Number), valLoss: expect.any(Number), valAccuracy: expect.any(Number) });
    const result = events.at(-1)!;
    expect(result.event).toBe('result');
    expect(result.data).toMatchObject({ id: body.id, state: 'succeeded', epoch: 25, rows: 150, stoppedBy: 'epochs', error: null });
    expect(result.data.loss).toBe(epochs[24].data.loss);
    // A 4-8-3 network is small: snapshots of it as it trains, and the final one.
    expect(events.filter((e) => e.event === 'snapshot').length).toBeGreaterThanOrEqual(2);
    await expectFinalSnapshot(events, base, 'iris-job', [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]);

    const record = await json(await fetch(`${base}/v1/jobs/${body.id}`));
    expect(record.losses).toEqual(epochs.map((e) => e.data));
    const model = await json(await fetch(`${base}/v1/models/iris-job`));
    expect(model).toMatchObject({ task: 'classification', layers: [4, 8, 3], training: expect.objectContaining({ epochs: 25, seed: 7, rows: 150 }) });
    const prediction = await json(await postJson(`${base}/v1/models/iris-job/predict`, { inputs: [[5.1, 3.5, 1.4, 0.2]] }));
    expect(prediction.labels).toEqual(['setosa']);

    // A client connecting after the end gets the whole history, then the result (no snapshot: the model is stored).
    const late = await readEvents(`${base}/v1/jobs/${body.id}/events`);
    expect(late.map((e) => e.event)).toEqual(['state', ...Array(25).fill('epoch'), 'result']);
    // And one resuming after epoch 20 gets the rest.
    const resumed = await readEvents(`${base}/v1/jobs/${body.id}/events`, { headers: { 'last-event-id': '20' } });
    expect(resumed.filter((e) => e.event === 'epoch').map((e) => e.data.epoch)).toEqual([21, 22, 23, 24, 25]);
    const list = await json(await fetch(`${base}/v1/jobs`));
    expect(list.jobs.find((j: any) => j.id === body.id)).toMatchObject({ state: 'succeeded' });
    expect(list.jobs[0].losses).toBeUndefined();
  });

  it('trains from JSON rows (regression), with sgd options', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ a: i / 10, b: (i % 5) / 2, y: i / 5 - (i % 5) }));
    const { status, body } = await submit({ name: 'rows-job', rows, target: 'y', hidden: [6], epochs: 10, optimizer: 'sgd', learningRate: 0.05, momentum: 0.9, scaling: 'minmax', dtype: 'float32' });
    expect(status).toBe(202);
    const record = await jobIn(base, body.id, ['succeeded', 'failed']);
    expect(record).toMatchObject({ state: 'succeeded', rows: 60 });
    const model = await json(await fetch(`${base}/v1/models/rows-job`));
    expect(model).toMatchObject({ task: 'regression', inputs: ['a', 'b'], targets: ['y'], inputScaling: 'minmax', dtype: 'float32' });
    expect(model.training.options.optimizer).toEqual({ name: 'sgd', learningRate: 0.05, momentum: 0.9 });
  });

  it('a live client hears epochs as they happen; cancelling a running job stops it and stores nothing', async () => {
    const { body } = await submit(longJob('never-stored'));
    const seen: SseEvent[] = [];
    const stream = readEvents(`${base}/v1/jobs/${body.id}/events`, { onEvent: (e) => seen.push(e) });
    await waitFor('three live epochs', () => (seen.filter((e) => e.event === 'epoch').length >= 3 ? true : undefined));
    // The record has its rows (iris's 150) once the worker has read the data, before the first epoch: a client computes samples per second while the job runs.
    const firstEpoch = seen.findIndex((e) => e.event === 'epoch');
    expect(seen.slice(0, firstEpoch).filter((e) => e.event === 'state').at(-1)?.data).toMatchObject({ state: 'running', rows: 150 });
    expect(await json(await fetch(`${base}/v1/jobs/${body.id}`))).toMatchObject({ state: 'running', rows: 150 });
    // A client joining now gets the epochs so far, then live ones: no gap, no repeat.
    const joined: SseEvent[] = [];
    const late = readEvents(`${base}/v1/jobs/${body.id}/events`, { onEvent: (e) => joined.push(e) });
    const lastEpoch = (list: SseEvent[]) => Math.max(0, ...list.filter((e) => e.event === 'epoch').map((e) => e.data.epoch));
    const atJoin = lastEpoch(seen);
    await waitFor('the late client to hear a live epoch', () => (lastEpoch(joined) > atJoin ? true : undefined));
    const cancel = await fetch(`${base}/v1/jobs/${body.id}`, { method: 'DELETE' });
    expect([200, 202]).toContain(cancel.status);
    const events = await stream;
    expect(events.at(-1)).toMatchObject({ event: 'result', data: { state: 'cancelled', error: 'cancelled by a client' } });
    const lateEvents = await late;
    const epochs = (list: SseEvent[]) => list.filter((e) => e.event === 'epoch').map((e) => e.data.epoch);
    expect(epochs(lateEvents)).toEqual(epochs(events));
    expect(epochs(events)).toEqual(Array.from({ length: epochs(events).length }, (_, i) => i + 1));
    expect(lateEvents.at(-1)).toMatchObject({ event: 'result', data: { state: 'cancelled' } });
    expect((await fetch(`${base}/v1/models/never-stored`)).status).toBe(404);
    const again = await fetch(`${base}/v1/jobs/${body.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(await json(again)).toEqual({ error: `job ${body.id} has finished already (cancelled)` });
  });

  it('replays the latest snapshot of a small network after the epochs, and sends none of a large one', async () => {
    const small = (await submit({ ...longJob('small'), hidden: [8] })).body;
    // The worker posts epoch 1, its snapshot, then epoch 2: once the record shows epoch 2 the snapshot is in.
    await waitFor('two epochs', async () => ((await json(await fetch(`${base}/v1/jobs/${small.id}`))).epoch >= 2 ? true : undefined));
    const seen: SseEvent[] = [];
    const stream = readEvents(`${base}/v1/jobs/${small.id}/events`, { onEvent: (e) => seen.push(e) });
    await waitFor('the replayed snapshot', () => (seen.some((e) => e.event === 'snapshot') ? true : undefined));
    const replayed = seen.findIndex((e) => e.event === 'snapshot');
    expect(seen.slice(0, replayed).map((e) => e.event)).toEqual(['state', ...Array(replayed - 1).fill('epoch')]);
    expect(seen[replayed].data.epoch).toBeLessThanOrEqual(seen[replayed - 1].data.epoch);
    expect(seen[replayed].data.model.model.layers).toEqual([4, 8, 3]);
    await fetch(`${base}/v1/jobs/${small.id}`, { method: 'DELETE' });
    const events = await stream;
    expect(events.at(-1)).toMatchObject({ event: 'result', data: { state: 'cancelled' } });
    expect(events.filter((e) => e.event === 'snapshot' && e.data.final)).toEqual([]); // nothing stored, no final snapshot

    const large = (await submit(longJob('large'))).body; // 4-128-128-3: 17,667 weights and biases
    const heard: SseEvent[] = [];
    const following = readEvents(`${base}/v1/jobs/${large.id}/events`, { onEvent: (e) => heard.push(e) });
    await waitFor('three epochs', () => (heard.filter((e) => e.event === 'epoch').length >= 3 ? true : undefined));
    await fetch(`${base}/v1/jobs/${large.id}`, { method: 'DELETE' });
    expect((await following).filter((e) => e.event === 'snapshot')).toEqual([]);
  });

  it('queues jobs beyond BPNN_MAX_JOBS, refuses more than the queue holds with 429, and cancels a queued job at once', async () => {
    const running = (await submit(longJob('a'))).body;
    const queued = [(await submit(longJob('b'))).body, (await submit(longJob('c'))).body];
    expect(queued.map((j) => j.state)).toEqual(['queued', 'queued']);
    const refused = await postJson(`${base}/v1/jobs`, longJob('d'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect((await json(refused)).error).toMatch(/1 jobs are training and 2 waiting/);
    const cancelQueued = await fetch(`${base}/v1/jobs/${queued[1].id}`, { method: 'DELETE' });
    expect(cancelQueued.status).toBe(200);
    expect(await json(cancelQueued)).toMatchObject({ state: 'cancelled' });
    await fetch(`${base}/v1/jobs/${running.id}`, { method: 'DELETE' });
    await jobIn(base, queued[0].id, ['running']); // the next in line starts
    await fetch(`${base}/v1/jobs/${queued[0].id}`, { method: 'DELETE' });
    expect(await jobIn(base, queued[0].id, ['cancelled'])).toMatchObject({ state: 'cancelled' });
  });

  it('refuses bad data in a small data set with a 400 that names the cell, and queues nothing', async () => {
    const before = (await json(await fetch(`${base}/v1/jobs`))).jobs.length;
    const badCsv = await submit({ name: 'bad', csv: 'a,b,y\n1,2,x\n3,oops,z\n', target: 'y' });
    expect(badCsv.status).toBe(400);
    expect(badCsv.body.error).toMatch(/csv line 3, column "b".*"oops"/);
    const badRows = await submit({ name: 'bad', rows: [{ a: 1, y: 'p' }, { a: 'two', y: 'q' }], target: 'y' });
    expect(badRows).toMatchObject({ status: 400, body: { error: 'rows[1].a must be a finite number, got "two" (the column holds a number in its first row, so it is numbers; a column of categories holds a string there)' } });
    const noTarget = await submit({ name: 'bad', csv: IRIS_CSV, target: 'colour' });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error).toMatch(/colour/);
    expect((await json(await fetch(`${base}/v1/jobs`))).jobs.length).toBe(before);
  });

  it('trains on columns of categories, from JSON rows and from CSV alike, and predicts records of words', async () => {
    // The colour decides the class; the size is noise. Rows and CSV hold the same data set.
    const colours = ['red', 'green', 'blue'];
    const rows = Array.from({ length: 60 }, (_, i) => ({ colour: colours[i % 3], size: (i * 7) % 10, y: i % 3 === 0 ? 'warm' : 'cold' }));
    const csv = ['colour,size,y', ...rows.map((r) => `${r.colour},${r.size},${r.y}`)].join('\n');
    const options = { target: 'y', hidden: [4], epochs: 60, seed: 2 };
    for (const [name, data] of [['colours-rows', { rows }], ['colours-csv', { csv }]] as const) {
      const { status, body } = await submit({ name, ...data, ...options });
      expect(status).toBe(202);
      expect(await jobIn(base, body.id, ['failed', 'succeeded'])).toMatchObject({ state: 'succeeded' });
      const model = await json(await fetch(`${base}/v1/models/${name}`));
      expect(model).toMatchObject({
        inputs: ['colour=blue', 'colour=green', 'colour=red', 'size'],
        columns: ['colour', 'size'],
        categorical: [{ name: 'colour', categories: ['blue', 'green', 'red'] }],
      });
      const prediction = await json(await postJson(`${base}/v1/models/${name}/predict`, { rows: [{ colour: 'red', size: 3 }, { colour: 'blue', size: 3 }] }));
      expect(prediction.labels).toEqual(['warm', 'cold']);
      // The same rows as the network's 0/1 inputs give the same probabilities.
      const byInputs = await json(await postJson(`${base}/v1/models/${name}/predict`, { inputs: [[0, 0, 1, 3], [1, 0, 0, 3]] }));
      expect(byInputs.outputs).toEqual(prediction.outputs);
      const unknown = await postJson(`${base}/v1/models/${name}/predict`, { rows: [{ colour: 'teal', size: 3 }] });
      expect(unknown.status).toBe(400);
      expect((await json(unknown)).error).toBe('row 0 column "colour": "teal" is not a category of "colour" the model knows ("blue", "green", "red")');
    }
    const ids = await submit({ name: 'ids', rows: rows.map((r, i) => ({ ...r, id: `n${i}` })), target: 'y' });
    expect(ids).toMatchObject({ status: 400, body: { error: 'rows.id: 60 different values in 60 rows, too many to be categories (an identifier, or free text?); leave the column out of the features' } });
  });

  it("fills missing values with missing: 'mean', from JSON rows (null) and CSV (empty cells) alike, and predicts rows with gaps", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ a: i % 7 === 0 ? null : i % 10, b: i % 5 === 0 ? null : (i * 3) % 8, y: i % 10 > 4 ? 'big' : 'small' }));
    const csv = ['a,b,y', ...rows.map((r) => `${r.a ?? ''},${r.b ?? 'NA'},${r.y}`)].join('\n');
    const present = (key: 'a' | 'b') => rows.map((r) => r[key]).filter((v): v is number => v !== null);
    const fill = [present('a').reduce((s, v) => s + v, 0) / present('a').length, present('b').reduce((s, v) => s + v, 0) / present('b').length];
    const refused = await submit({ name: 'gaps', rows, target: 'y' });
    expect(refused).toMatchObject({ status: 400, body: { error: "rows[0].a must be a finite number, got null (\"missing\": \"mean\" fills missing values with their column's mean)" } });
    for (const [name, data] of [['gaps-rows', { rows }], ['gaps-csv', { csv }]] as const) {
      const { status, body } = await submit({ name, ...data, target: 'y', hidden: [4], epochs: 20, seed: 3, missing: 'mean' });
      expect(status).toBe(202);
      expect(await jobIn(base, body.id, ['failed', 'succeeded'])).toMatchObject({ state: 'succeeded' });
      expect(await json(await fetch(`${base}/v1/models/${name}`))).toMatchObject({ fill });
      const withGap = await json(await postJson(`${base}/v1/models/${name}/predict`, { rows: [{ a: null, b: 2 }] }));
      const filled = await json(await postJson(`${base}/v1/models/${name}/predict`, { inputs: [[fill[0], 2]] }));
      expect(withGap.outputs).toEqual(filled.outputs);
    }
  });

  it('fills a column named as an object\'s own member ("valueOf") where a row leaves it out, as any other column', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? { y: i % 2 } : { valueOf: i, y: i % 2 }));
    const present = rows.flatMap((row) => ('valueOf' in row && typeof row.valueOf === 'number' ? [row.valueOf] : []));
    const { status, body } = await submit({ name: 'value-of', rows, target: 'y', hidden: [2], epochs: 2, missing: 'mean' });
    expect(status).toBe(202);
    expect(await jobIn(base, body.id, ['failed', 'succeeded'])).toMatchObject({ state: 'succeeded' });
    expect(await json(await fetch(`${base}/v1/models/value-of`))).toMatchObject({ fill: [present.reduce((sum, v) => sum + v, 0) / present.length] });
  });

  it('fails a job whose large data set turns out wrong in the worker, with the reason in its record', async () => {
    // Above CHECKED_CSV_LENGTH the data is read by the worker only: the job is accepted, then fails.
    const good = Array.from({ length: 40_000 }, (_, i) => `${i % 7},${i % 11},${i % 2 === 0 ? 'even' : 'odd'}`);
    const csv = ['a,b,y', ...good, '3,oops,z'].join('\n');
    expect(csv.length).toBeGreaterThan(CHECKED_CSV_LENGTH);
    const { status, body } = await submit({ name: 'bad', csv, target: 'y', epochs: 1 });
    expect(status).toBe(202);
    expect(await jobIn(base, body.id, ['failed', 'succeeded'])).toMatchObject({ state: 'failed', error: expect.stringMatching(/csv line 40002, column "b".*"oops"/) });
    expect((await fetch(`${base}/v1/models/bad`)).status).toBe(404);
  });

  it.each([
    ['no data', { name: 'x', target: 'y' }, 'body must have either "csv" (CSV text) or "rows" (JSON rows), exactly one of them'],
    ['both csv and rows', { name: 'x', target: 'y', csv: 'a,y\n1,2', rows: [{ a: 1, y: 2 }] }, 'body must have either "csv" (CSV text) or "rows" (JSON rows), exactly one of them'],
    ['rows that are not an array', { name: 'x', target: 'y', rows: { a: 1, y: 2 } }, 'rows must be an array, got {"a":1,"y":2}'],
    // A column named as a member of every object's prototype, missing from a row: missing, not that member.
    ['a target named "constructor" missing from a row', { name: 'x', target: 'constructor', rows: JSON.parse('[{"a": 1, "constructor": "p"}, {"a": 2}]') }, 'rows[1].constructor is missing (a target)'],
    ['a column named "toString" missing from a row', { name: 'x', target: 'y', rows: JSON.parse('[{"toString": 1, "y": 2}, {"y": 3}]') }, 'rows[1].toString must be a finite number, got nothing ("missing": "mean" fills missing values with their column\'s mean)'],
    ['a CSV column named "__proto__"', { name: 'x', target: 'y', csv: '__proto__,y\n1,2\n2,3' }, 'csv has a column named "__proto__", which names an object\'s prototype in JavaScript: no JSON row sent to this API can hold it (predict\'s rows, explain\'s row); rename the column'],
    ['no name and no data', { target: 'y' }, 'name is required (a string)'],
    ['a bad cell type in rows', { name: 'x', target: 'y', rows: [{ a: true, y: 2 }] }, 'rows[0].a must be a finite number, a string or null, got true'],
    ['a bad name', { name: '../x', csv: 'a,y\n1,2', target: 'y' }, 'name must be 1 to 64 letters, digits, ".", "_" or "-", not starting with ".", got "../x"'],
    ['no target', { name: 'x', csv: 'a,y\n1,2' }, 'target is required'],
    ['an unknown activation', { name: 'x', csv: 'a,y\n1,2', target: 'y', activation: 'swish' }, /^activation must be one of "sigmoid", "tanh", .*"threshold-symmetric" or an object, got "swish"$/],
    ['an unknown activation by object', { name: 'x', csv: 'a,y\n1,2', target: 'y', activation: { name: 'swish' } }, /^activation.name must be one of "sigmoid", .*, got "swish"$/],
    ['a string epoch count', { name: 'x', csv: 'a,y\n1,2', target: 'y', epochs: '10' }, 'epochs must be a finite number, got "10"'],
    ['too many epochs', { name: 'x', csv: 'a,y\n1,2', target: 'y', epochs: 1e6 }, 'epochs must be ≤ 100000, got 1000000'],
    ['a fractional layer', { name: 'x', csv: 'a,y\n1,2', target: 'y', hidden: [8, 2.5] }, 'hidden[1] must be a whole number, got 2.5'],
    ['a negative learning rate', { name: 'x', csv: 'a,y\n1,2', target: 'y', learningRate: -0.1 }, 'learningRate must be > 0, got -0.1'],
    ['momentum with adam', { name: 'x', csv: 'a,y\n1,2', target: 'y', momentum: 0.9 }, 'momentum applies to the sgd optimizer only, not adam'],
    ['a typo', { name: 'x', csv: 'a,y\n1,2', target: 'y', epoch: 5 }, 'body has unknown field "epoch"'],
  ])('refuses a request with %s (400, naming the field)', async (_what, body, message) => {
    const { status, body: answer } = await submit(body);
    expect(status).toBe(400);
    if (message instanceof RegExp) expect(answer.error).toMatch(message);
    else expect(answer).toEqual({ error: message });
  });

  it('answers unknown jobs with 404', async () => {
    for (const [method, path] of [['GET', ''], ['DELETE', ''], ['GET', '/events']]) {
      const response = await fetch(`${base}/v1/jobs/no-such-job${path}`, { method });
      expect(response.status).toBe(404);
      expect(await json(response)).toEqual({ error: 'job "no-such-job" not found' });
    }
  });
});
