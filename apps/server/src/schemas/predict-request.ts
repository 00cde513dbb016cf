/** The body of POST /v1/models/:name/predict: exactly one of `inputs` (rows of numbers) or `rows` (records). */
import * as z from 'zod';
import { absent } from './exactly-one.js';

const EITHER = 'must have either "inputs" (rows of numbers) or "rows" (objects keyed by column name), exactly one of them';

export function predictSchema(maxRows: number) {
  const inputs = z.array(z.array(z.number())).min(1).max(maxRows).meta({ description: 'Rows of numbers, one per sample, in the order of the model\'s inputs.' });
  const rows = z.array(z.record(z.string(), z.unknown())).min(1).max(maxRows).meta({ description: 'Rows keyed by column name (target columns are ignored).' });
  return z.xor([z.strictObject({ inputs, rows: absent(EITHER) }), z.strictObject({ rows, inputs: absent(EITHER) })], { error: EITHER });
}

export type PredictRequest = z.infer<ReturnType<typeof predictSchema>>;
