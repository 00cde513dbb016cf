/**
 * "Exactly one of these fields" as zod says it: `z.xor` of one strict object per field, where each
 * object declares the other fields `absent`. zod then refuses neither and both; JSON Schema says it
 * with `oneOf`; and a client generated from the document (openapi-typescript) gets
 * `{ inputs: number[][]; rows?: never } | { rows: …; inputs?: never }`, so that `{}` or both
 * fields are type errors there, before any request is sent.
 *
 *   z.xor([z.strictObject({ csv, rows: absent(m) }), z.strictObject({ rows, csv: absent(m) })], { error: m })
 */
import * as z from 'zod';

/** A field that must not be there (JSON Schema `false` in the document, `never` in clients). */
export const absent = (message: string) => z.never({ error: message }).optional();
