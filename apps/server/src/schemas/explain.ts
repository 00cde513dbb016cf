/**
 * The body of a POST /v1/models/:name/explain answer: one sample's forward and backward pass, as
 * `bpnn explain --json` prints it (explain.ts builds it; the OpenAPI document shows it and the tests
 * hold real answers against it).
 */
import * as z from 'zod';

const numbers = z.array(z.number());

/** ∂J/∂W[layer][i][j] = activation a_i of layer `layer` · residual δ_j of layer `layer + 1`. */
export const weightGradientSchema = z.strictObject({
  layer: z.int().min(0),
  i: z.int().min(0),
  j: z.int().min(0),
  activation: z.number(),
  residual: z.number(),
  gradient: z.number(),
});

/** One layer of the pass: layer 0 holds the scaled inputs only (no z, no activation, no residual). */
export const explainedLayerSchema = z.strictObject({
  layer: z.int().min(0),
  size: z.int().min(1),
  activation: z.string().nullable(),
  z: numbers.nullable(),
  a: numbers.meta({ description: 'Activations (layer 0: the scaled inputs).' }),
  residual: numbers.nullable().meta({ description: 'δ = ∂J/∂z.' }),
});

export const explanationSchema = z.strictObject({
  model: z.string(),
  input: z.record(z.string(), z.number()).meta({ description: 'The raw inputs by column.' }),
  target: z.record(z.string(), z.union([z.string(), z.number()])),
  encodedTarget: numbers.meta({ description: 'y as the network learns it: one-hot classes or scaled numbers.' }),
  prediction: z.strictObject({ label: z.string().optional(), outputs: numbers }),
  cost: z.number().meta({ description: "This sample's cost J." }),
  loss: z.string(),
  outputRule: z.string().meta({ description: "How the output layer's residual is computed." }),
  layers: z.array(explainedLayerSchema),
  topGradients: z.array(weightGradientSchema).meta({ description: 'The largest weight gradients ∂J/∂W[layer][i][j] = a_i · δ_j, largest magnitude first.' }),
});
