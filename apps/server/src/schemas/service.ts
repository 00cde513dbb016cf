/** Bodies of the service's own endpoints: liveness and readiness. */
import * as z from 'zod';

export const healthSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string(),
  uptime: z.int().min(0).meta({ description: 'Seconds since the server started.' }),
});

export const readySchema = z.strictObject({
  status: z.enum(['ready', 'loading', 'unavailable']).meta({ description: 'loading: the models are still being read; unavailable: they are, but PostgreSQL or its notifications are down.' }),
  models: z.int().min(0).meta({ description: 'Models loaded so far.' }),
  database: z.enum(['up', 'down']).optional().meta({ description: 'With PostgreSQL (--database-url): whether the database answers.' }),
  queue: z.enum(['up', 'down']).optional().meta({ description: "With PostgreSQL: whether the job queue's notification connection is up." }),
});
