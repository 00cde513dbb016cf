/**
 * A job's body, checked: the schema (job-request.ts), then the data when it is small enough to
 * read at once (job-data.ts). The same check runs on the event loop for small bodies, in the
 * request pool for large ones, and in the training worker, which gets large bodies as their JSON
 * text (a queued job keeps those bytes, not a parsed copy several times their size).
 */
import { checkJobData } from './job-data.js';
import { jobOptions, jobRequestSchema, type JobRequest } from './job-request.js';
import { parseJsonText } from '../http/json-text.js';
import { parseBody } from '../http/validation.js';

/** A request without its data: what the job's record shows. */
export type JobSpec = ReturnType<typeof jobOptions>;

/** What a job trains on: the checked request, or the JSON text of a body checked elsewhere. */
export type JobPayload = { request: JobRequest } | { body: Uint8Array };

/** The checked request; a 400 naming the first problem in the body or in a small data set. */
export async function checkJobBody(value: unknown): Promise<JobRequest> {
  const request = parseBody(jobRequestSchema, value);
  await checkJobData(request); // bad data in a small data set: a 400 now, not a failed job later
  return request;
}

/** The request a payload carries (for the training worker). */
export async function requestOf(payload: JobPayload): Promise<JobRequest> {
  return 'request' in payload ? payload.request : parseBody(jobRequestSchema, parseJsonText(payload.body));
}
