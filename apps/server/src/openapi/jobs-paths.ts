/** The OpenAPI paths of /v1/jobs: start a training job, list and follow jobs, cancel one. */
import { RESULT_EVENT_ID } from '../jobs/job-events.js';
import { MAX_SNAPSHOT_PARAMETERS, SNAPSHOT_INTERVAL_MS } from '../jobs/job-snapshot.js';
import { mayNeedToken, needsToken } from './security.js';
import { errors, jsonContent } from './responses.js';

const idParameter = { name: 'id', in: 'path', required: true, description: 'The job id (a UUID).', schema: { type: 'string' } };

const EVENTS = `Server-Sent Events, every \`data:\` a JSON object:
- \`state\` (a JobBrief): the job as it is when the stream opens, and at each change of state;
- \`epoch\` (an EpochInfo, \`id:\` the epoch): every epoch so far (after \`Last-Event-ID\`), then live;
- \`snapshot\` (a JobSnapshot, no \`id:\`): for a network of at most ${MAX_SNAPSHOT_PARAMETERS} weights and biases,
  its weights in the model's JSON form: the latest one after the epochs so far, then one at most
  every ${SNAPSHOT_INTERVAL_MS} ms as it trains, and a \`final\` one (the model as stored) before a success's result;
  a stream opened once the job has ended replays none (the stored model is at /v1/models/{name}/file);
- \`result\` (a JobBrief, \`id: ${RESULT_EVENT_ID}\`): the job as it ended. The server then closes the stream.

A client that reconnects after the result (a browser's EventSource does, a few seconds later) sends
\`Last-Event-ID: ${RESULT_EVENT_ID}\` and gets 204 No Content, which tells an EventSource to stop
reconnecting: the job's events are over. Any other \`Last-Event-ID\` resumes after that epoch.

The stream goes at the client's pace; a client that leaves its output unread for \`--stream-timeout\`
(30 s) is disconnected, and beyond \`--max-streams\` (100) open streams a new one gets 503.`;

export function jobPaths() {
  return {
    '/v1/jobs': {
      get: {
        tags: ['jobs'],
        operationId: 'listJobs',
        summary: 'Every job this server knows, without per-epoch losses.',
        security: mayNeedToken,
        responses: { 200: { description: 'Jobs.', content: jsonContent('JobList') }, ...errors(401) },
      },
      post: {
        tags: ['jobs'],
        operationId: 'createJob',
        summary: 'Trains a model in a worker thread and stores it under `name`.',
        description: 'Exactly one of `csv` and `rows`. JSON rows and CSV text of up to 256 KiB are read before the job is queued: a bad cell, malformed CSV, a missing column, or options the data cannot take (what the training would refuse before its first epoch) is a 400. A larger CSV is read by the worker, and bad data there fails the job.',
        security: needsToken,
        requestBody: { required: true, content: jsonContent('JobRequest') },
        responses: {
          202: { description: 'Queued.', headers: { Location: { description: 'The job\'s URL.', required: true, schema: { type: 'string' } } }, content: jsonContent('Job') },
          ...errors(400, 401, 409, 413, 415, 429, 507),
        },
      },
    },
    '/v1/jobs/{id}': {
      parameters: [idParameter],
      get: {
        tags: ['jobs'],
        operationId: 'getJob',
        summary: 'A job: its state, epoch and losses.',
        security: mayNeedToken,
        responses: { 200: { description: 'The job.', content: jsonContent('Job') }, ...errors(401, 404) },
      },
      delete: {
        tags: ['jobs'],
        operationId: 'cancelJob',
        summary: 'Cancels a job: at once when queued, at the next batch when running. Nothing is stored.',
        security: needsToken,
        responses: {
          200: { description: 'Cancelled.', content: jsonContent('JobBrief') },
          202: { description: 'Cancelling: the worker stops at its next batch.', content: jsonContent('JobBrief') },
          ...errors(401, 404, 409),
        },
      },
    },
    '/v1/jobs/{id}/events': {
      parameters: [
        idParameter,
        { name: 'Last-Event-ID', in: 'header', required: false, description: `Resume after this epoch; \`${RESULT_EVENT_ID}\` (after the result): 204.`, schema: { type: 'string' } },
      ],
      get: {
        tags: ['jobs'],
        operationId: 'jobEvents',
        summary: 'The job\'s progress as Server-Sent Events: state, epochs, snapshots of a small network, then the result; then the stream closes.',
        description: EVENTS,
        security: mayNeedToken,
        responses: {
          200: {
            description: 'An event stream (see the operation\'s description).',
            content: {
              'text/event-stream': {
                schema: { type: 'string' },
                example: `event: state\ndata: {"id":"…","state":"running",…}\n\nid: 1\nevent: epoch\ndata: {"epoch":1,"epochs":50,"loss":1.02,"seconds":0.01}\n\nevent: snapshot\ndata: {"epoch":1,"final":false,"model":{"format":"bpnn",…}}\n\nid: ${RESULT_EVENT_ID}\nevent: result\ndata: {"id":"…","state":"succeeded",…}\n\n`,
              },
            },
          },
          204: { description: `The client has had the result (\`Last-Event-ID: ${RESULT_EVENT_ID}\`): nothing more will come, and an EventSource stops reconnecting.` },
          ...errors(401, 404),
        },
      },
    },
  };
}
