/** /v1/jobs: start a training job, follow it (JSON or Server-Sent Events), cancel it. */
import type { EpochInfo } from '@bpnn/core';
import type { Express } from 'express';
import { SharedBatches } from '../http/sse-batches.js';
import { formatEvent } from '../http/sse.js';
import { checkJobBody, type JobPayload, type JobSpec } from '../jobs/job-body.js';
import { hadResult, RESULT_EVENT_ID } from '../jobs/job-events.js';
import { FINISHED, type JobRecord } from '../jobs/job-record.js';
import { jobOptions } from '../jobs/job-request.js';
import { INLINE_BODY_BYTES, parseJsonText } from '../http/json-text.js';
import { checkNewModelName } from '../store/model-store.js';
import { jsonBody, rawBody, type RouteContext } from './context.js';

/** A record without its per-epoch history, for lists and the final event. */
const brief = ({ losses: _losses, ...record }: JobRecord) => record;

/** Two copies of one epoch (a --processes worker hears each client's own copy): every field equal. */
const sameEpoch = (a: EpochInfo, b: EpochInfo) =>
  a === b || (a.epoch === b.epoch && a.seconds === b.seconds && a.loss === b.loss && a.epochs === b.epochs && a.valLoss === b.valLoss && a.valAccuracy === b.valAccuracy);

export function jobRoutes(app: Express, context: RouteContext): void {
  const { jobs, auth, readAuth } = context;
  // A job's live epochs, formatted once per batch for all its followers (http/sse-batches.ts).
  const liveEpochs = new SharedBatches<EpochInfo>({ format: (info) => formatEvent('epoch', info, info.epoch), same: sameEpoch });

  // A small body is checked on the event loop; a large one in the request pool, and the queued
  // job keeps its JSON text (the training worker parses it again) rather than a parsed copy.
  app.post('/v1/jobs', auth, rawBody(context.bodyLimit), async (req, res) => {
    const raw = jsonBody(req);
    let spec: JobSpec;
    let payload: JobPayload;
    if (raw.length <= INLINE_BODY_BYTES) {
      const request = await checkJobBody(parseJsonText(raw));
      spec = jobOptions(request);
      payload = { request };
    } else {
      const checked = await context.pool.checkJob(raw);
      if (!('spec' in checked)) return void res.status(checked.status).type('application/json').send(checked.json);
      spec = checked.spec;
      payload = { body: raw };
    }
    if (context.store.get(spec.name) === undefined) checkNewModelName(context.store, spec.name);
    const record = await jobs.submit(spec, payload, raw.length);
    res.status(202).location(`/v1/jobs/${record.id}`).json(record);
  });

  app.get('/v1/jobs', readAuth, async (_req, res) => {
    res.json({ jobs: (await jobs.list()).map(brief) });
  });

  app.get('/v1/jobs/:id', readAuth, async (req, res) => {
    res.json(await jobs.get(String(req.params.id)));
  });

  app.delete('/v1/jobs/:id', auth, async (req, res) => {
    const record = await jobs.cancel(String(req.params.id));
    res.status(FINISHED.has(record.state) ? 200 : 202).json(brief(record));
  });

  // Every epoch so far (after Last-Event-ID, when a client reconnects), the latest snapshot of a
  // small network, then live epochs and snapshots, then the result; a client reconnecting after
  // the result gets 204, which stops an EventSource (job-events.ts). The stream goes at the
  // client's pace, and drops a client that stops reading (http/sse.ts). Live epochs go in batches
  // that the job's followers share (http/sse-batches.ts); anything else writes the batch first.
  app.get('/v1/jobs/:id/events', readAuth, async (req, res) => {
    const record = await jobs.summary(String(req.params.id)); // its state: the history comes by follow
    if (hadResult(req.get('last-event-id')) && FINISHED.has(record.state)) {
      res.status(204).end();
      return;
    }
    const after = Number(req.get('last-event-id') ?? 0) || 0;
    let stop = () => {};
    let closed = false;
    const stream = context.streams.start(res, () => {
      closed = true;
      live.leave();
      stop();
    });
    const live = liveEpochs.join(record.id, (text) => stream.write(text));
    stop = await jobs.follow(record.id, after, (event) => {
      if (event.type === 'epoch') return live.add(event.info);
      live.flush();
      if (event.type === 'epochs') stream.sendEach(event.losses, event.start, event.end, (info) => ['epoch', info, info.epoch]);
      else if (event.type === 'snapshot') stream.send('snapshot', event.snapshot); // no id: Last-Event-ID stays the epoch
      else if (event.type === 'state') stream.send('state', brief(event.record));
      else {
        stream.send('result', brief(event.record), RESULT_EVENT_ID);
        stream.end();
      }
    });
    if (closed) stop(); // the client left, or the result came, while following began
  });
}
