/**
 * A job that would fail before its first epoch is a 400 at POST, over real HTTP, with the error
 * the library gives (core's Model.check on the job's data): options the data cannot take, a column
 * named twice, a column only a later JSON row has, a "__proto__" key. `categorical` reads columns of
 * number codes as categories, in CSV and in JSON rows, as the library does.
 */
import { Model } from '@bpnn/core';
import { readCsvDataset, readModel } from '@bpnn/serialize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, jobIn, postJson, tempFolder, testServer, type TestServer } from '../../test/helpers.js';

const CSV = 'a,b,y\n1,2,x\n3,4,z\n5,6,x\n7,8,z\n2,1,x\n4,3,z\n';

describe('a job is checked against its data before it is queued', () => {
  let server: TestServer;
  const folder = tempFolder();
  beforeAll(async () => {
    server = await testServer(folder.path);
  });
  afterAll(async () => {
    await server.close();
    folder.remove();
  });
  const post = async (body: Record<string, unknown>) => {
    const response = await postJson(`${server.url}/v1/jobs`, { name: 'checked', ...body });
    return { status: response.status, body: await json(response) };
  };

  it('refuses at once what the training would refuse, with the library\'s words', async () => {
    const data = await readCsvDataset(CSV, { target: 'y' });
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ classWeights: { x: 1, nope: 2 } }, { classWeights: { x: 1, nope: 2 } }],
      [{ classWeights: [1, 2, 3] }, { classWeights: [1, 2, 3] }],
      [{ hidden: [4], dropout: [0.5, 0.5] }, { hidden: [4], dropout: [0.5, 0.5] }],
      [{ validationSplit: 0.01 }, { validationSplit: 0.01 }],
      [{ task: 'regression' }, { task: 'regression' }],
      [{ loss: 'binary-cross-entropy' }, { loss: 'binary-cross-entropy' }],
      [{ outputActivation: 'relu' }, { outputActivation: 'relu' }],
    ];
    for (const [job, library] of cases) {
      const wanted = (() => {
        try {
          Model.check(data, library);
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(wanted, JSON.stringify(job)).not.toBe('accepted');
      const answer = await post({ csv: CSV, target: 'y', ...job });
      expect(answer, JSON.stringify(job)).toEqual({ status: 400, body: { error: wanted } });
    }
    // JSON rows are checked the same way
    const rows = [{ a: 1, y: 'x' }, { a: 2, y: 'z' }, { a: 3, y: 'x' }];
    expect(await post({ rows, target: 'y', classWeights: { nope: 1 } })).toMatchObject({ status: 400, body: { error: expect.stringContaining('classWeights') } });
  });

  it('answers 400 for malformed CSV text, as for a bad cell', async () => {
    const answer = await post({ csv: 'a,y\n1,"x\n', target: 'y' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^csv line 2, column "y": the quote that opens this field, "\\"x", is never closed/);
  });

  it('refuses a column named twice, or a feature that is the target', async () => {
    expect(await post({ csv: CSV, target: 'y', features: ['a', 'a'] })).toEqual({ status: 400, body: { error: 'features lists "a" twice' } });
    expect(await post({ csv: CSV, target: ['a', 'a'] })).toEqual({ status: 400, body: { error: 'target lists "a" twice' } });
    expect(await post({ csv: CSV, target: 'y', features: ['a', 'y'] })).toEqual({ status: 400, body: { error: 'features lists "y", the target: a column is a feature or a target, not both' } });
  });

  it('refuses a JSON row with a column rows[0] has not, and a key "__proto__" anywhere', async () => {
    const rows = [{ a: 1, y: 1 }, { a: 2, y: 2, b: 3 }, { a: 3, y: 3 }];
    expect(await post({ rows, target: 'y' })).toEqual({
      status: 400,
      body: { error: 'rows[1] has a column "b" that rows[0] has not (the columns are "a", "y"); give every row the same columns, or name the inputs in features' },
    });
    expect((await post({ rows, target: 'y', features: ['a'], epochs: 1 })).status).toBe(202); // named features: the rest are left out
    const proto = '{"name":"p","target":"y","rows":[{"a":1,"y":1,"__proto__":5},{"a":2,"y":2}]}';
    const response = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: proto });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toBe('body has a key "__proto__", which names an object\'s prototype in JavaScript: no field or column is named so');
  });

  it('reads columns named in categorical as categories, in CSV and in rows, as the library does', async () => {
    const csv = 'grade,x,y\n1,0.5,a\n2,1.5,b\n3,2.5,a\n1,0.7,b\n2,1.1,a\n3,2.2,b\n';
    const answer = await post({ name: 'graded', csv, target: 'y', categorical: ['grade'], hidden: [3], epochs: 3, seed: 1 });
    expect(answer.status).toBe(202);
    await jobIn(server.url, answer.body.id, ['succeeded']);
    const details = await json(await fetch(`${server.url}/v1/models/graded`));
    expect(details.inputs).toEqual(['grade=1', 'grade=2', 'grade=3', 'x']);
    const library = Model.train(await readCsvDataset(csv, { target: 'y', categorical: ['grade'] }), { hidden: [3], epochs: 3, seed: 1, threads: 1 }).model;
    expect(details.inputs).toEqual(library.inputNames);
    const rows = csv.trim().split('\n').slice(1).map((line) => line.split(',')).map(([grade, x, y]) => ({ grade: Number(grade), x: Number(x), y }));
    const fromRows = await post({ name: 'graded-rows', rows, target: 'y', categorical: ['grade'], hidden: [3], epochs: 3, seed: 1 });
    expect(fromRows.status).toBe(202);
    await jobIn(server.url, fromRows.body.id, ['succeeded']);
    expect((await json(await fetch(`${server.url}/v1/models/graded-rows`))).inputs).toEqual(library.inputNames);
    expect(await post({ rows, target: 'y', categorical: ['nope'] })).toEqual({ status: 400, body: { error: 'categorical: no feature column "nope" in the rows; the features are "grade", "x"' } });
    expect(await post({ csv, target: 'y', categorical: ['y'] })).toEqual({ status: 400, body: { error: 'categorical lists "y", a target: categorical names feature columns (a classification\'s target is read as classes)' } });
  });

  it('reads CSV with a decimal comma (decimal ",", delimiter ";") as its decimal-point twin, and names a point it was not told of', async () => {
    const twin = 'length,width,y\n1.5,-0.25,a\n2.75,0.5,b\n-1.125,3,a\n0.5,1.5,b\n2,2.5,a\n1.25,-1,b\n';
    const european = twin.replaceAll(',', ';').replaceAll('.', ',');
    const answer = await post({ name: 'european', csv: european, delimiter: ';', decimal: ',', target: 'y', hidden: [3], epochs: 3, seed: 2 });
    expect(answer.status).toBe(202);
    expect((await jobIn(server.url, answer.body.id, ['succeeded'])).options).toMatchObject({ delimiter: ';', decimal: ',' });
    const library = Model.train(await readCsvDataset(twin, { target: 'y' }), { hidden: [3], epochs: 3, seed: 2, threads: 1 }).model;
    const file = new Uint8Array(await (await fetch(`${server.url}/v1/models/european/file`)).arrayBuffer());
    expect(Array.from(readModel(file).network.params)).toEqual(Array.from(library.network.params));
    expect(await post({ csv: european.replace('2,75', '2.75'), delimiter: ';', decimal: ',', target: 'y' })).toEqual({
      status: 400,
      body: { error: 'csv line 3, column "length": "2.75" has a decimal point, but the file is read with decimal ","; if the file writes numbers with a decimal point, read it without decimal "," (the default is ".")' },
    });
    expect(await post({ csv: european, decimal: ',', target: 'y' })).toEqual({
      status: 400,
      body: { error: 'decimal is ",", the delimiter\'s default too: a comma cannot both separate fields and mark decimals; give delimiter ";", as files with a decimal comma are written' },
    });
    expect(await post({ rows: [{ a: 1, y: 'x' }], decimal: ',', target: 'y' })).toEqual({ status: 400, body: { error: 'decimal applies to csv only' } });
    expect(await post({ csv: european, delimiter: ';', thousands: '.', target: 'y' })).toEqual({ status: 400, body: { error: 'thousands needs decimal ","' } });
    expect((await post({ csv: european, delimiter: ';', decimal: ';', target: 'y' })).body.error).toMatch(/^decimal must be one of "\.", ",", got ";"/);
  });

  it("names the request's fields, never the command line's flags, as the remedy for a file's format or a missing value", async () => {
    const european = 'length;width;y\n1,5;-0,25;a\n2,75;0,5;b\n-1,125;3;a\n0,5;1,5;b\n';
    const asides = /--|command line/;
    const noDecimal = await post({ csv: european, delimiter: ';', target: 'y' });
    expect(noDecimal.status).toBe(400);
    expect(noDecimal.body.error).toContain('read it with decimal ","');
    expect(noDecimal.body.error).not.toMatch(asides);
    const noDelimiter = await post({ csv: european, target: 'y' });
    expect(noDelimiter.status).toBe(400);
    expect(noDelimiter.body.error).toContain('read the file with delimiter ";")');
    expect(noDelimiter.body.error).not.toMatch(asides);
    const missing = await post({ csv: 'a,b,y\n1,2,x\n,4,z\n5,6,x\n7,8,z\n', target: 'y' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toContain('"missing": "mean" fills missing values');
    expect(missing.body.error).not.toMatch(asides);
  });

  it('names a schedule that does not exist and the first few of many unknown fields', async () => {
    expect(await post({ csv: CSV, target: 'y', schedule: { name: 'nope' } })).toEqual({
      status: 400,
      body: { error: 'schedule.name must be one of "step", "exponential", "cosine", "reduce-on-plateau", got "nope"' },
    });
    // a misspelt field is named beside the problem it causes
    expect(await post({ csv: CSV, targt: 'y' })).toEqual({ status: 400, body: { error: 'target is required; body has unknown field "targt"' } });
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, k) => [`extra${k}`, k]));
    const answer = await post({ csv: CSV, target: 'y', ...many });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(`body has unknown fields ${Array.from({ length: 10 }, (_, k) => `"extra${k}"`).join(', ')}, … (500 in all)`);
  });
});
