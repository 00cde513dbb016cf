/**
 * The data of a job's `snapshot` event (job-snapshot.ts): the network of a small model while it
 * trains, in the model's JSON form, so that a client can compute what it predicts (the web page's
 * live decision map) with the same math as POST /v1/models/:name/predict.
 */
import * as z from 'zod';
import { MAX_SNAPSHOT_PARAMETERS, SNAPSHOT_INTERVAL_MS } from '../jobs/job-snapshot.js';
import { modelJsonSchema } from './model-json.js';

export const jobSnapshotSchema = z
  .strictObject({
    epoch: z.int().min(0).meta({ description: 'The epoch whose end the weights are from (for the final snapshot, the epoch kept: with early stopping, the best).' }),
    final: z.boolean().meta({ description: 'True for the model exactly as the job stores it, sent once training has ended, before the result.' }),
    model: modelJsonSchema.meta({ description: 'The model\'s JSON form, with `training` null and no optimiser state.' }),
  })
  .meta({ description: `A snapshot of a training network of at most ${MAX_SNAPSHOT_PARAMETERS} weights and biases, at most one each ${SNAPSHOT_INTERVAL_MS} ms.` });
