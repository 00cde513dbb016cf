/** The body of every error answer: `{"error": message}`, the message naming field, constraint and value. */
import * as z from 'zod';

export const errorSchema = z.strictObject({
  error: z.string().meta({ description: 'What was wrong: the field, the constraint and the value.', examples: ['inputs[3][1] must be a finite number, got "abc"'] }),
});
