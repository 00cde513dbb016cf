/**
 * Bodies of /v1/jobs answers: a job's record (with one EpochInfo per epoch), its brief form (the
 * list, the event stream's `state` and `result`), and the list. jobs.ts keeps JobRecord; a test
 * holds the two types together, and the contract test real answers against the document.
 */
import * as z from 'zod';
import { JOB_STATES } from '../jobs/job-record.js';
import { MAX_EPOCHS, jobOptionsSchema } from '../jobs/job-request.js';

const time = z.iso.datetime();

/** One epoch of training (core's EpochInfo): an `epoch` event's data. */
export const epochInfoSchema = z.strictObject({
  epoch: z.int().min(1).meta({ description: '1-based.' }),
  epochs: z.int().min(1),
  loss: z.number().meta({ description: 'Mean cost J over the epoch\'s batches.' }),
  valLoss: z.number().optional(),
  valAccuracy: z.number().optional().meta({ description: 'Accuracy on the validation rows, for cross-entropy losses.' }),
  seconds: z.number().min(0).meta({ description: 'Seconds since training started.' }),
});

export const jobBriefSchema = z.strictObject({
  id: z.uuid(),
  name: z.string().meta({ description: 'The model name the result is stored under.' }),
  state: z.enum(JOB_STATES),
  createdAt: time,
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
  epoch: z.int().min(0).meta({ description: 'Epochs run so far.' }),
  epochs: z.int().min(1).meta({ description: `Epochs asked for (at most ${MAX_EPOCHS}).` }),
  loss: z.number().nullable(),
  valLoss: z.number().nullable(),
  options: jobOptionsSchema,
  rows: z.int().min(0).nullable().meta({ description: 'Rows trained on (with validation rows), once the worker has read the data.' }),
  stoppedBy: z.string().nullable().meta({ description: 'epochs, early-stopping, target-loss, bit-fail or aborted.' }),
  error: z.string().nullable().meta({ description: 'Why the job failed, was cancelled or interrupted.' }),
});

export const jobSchema = jobBriefSchema.extend({ losses: z.array(epochInfoSchema).meta({ description: 'One entry per epoch run.' }) });

export const jobListSchema = z.strictObject({ jobs: z.array(jobBriefSchema) });
