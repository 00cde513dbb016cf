/**
 * Online training (batchSize 1) of small networks on the js backend, compiled for the network's
 * exact shape: one function runs a sample forward → loss → backward with every neuron's z, a and
 * residual δ in a local variable and every loop unrolled, then writes ∂J/∂params into `grads`.
 * On a 2-3-1 network the general batch path spends most of a sample in loop and call overhead:
 * counted with callgrind, XOR's whole fit took about 5,600 instructions an update with it and
 * about 1,150 with this step (480 of them in the step itself, 320 in Math.exp).
 *
 * It computes exactly what the general path (network.ts, kernels.ts) computes, operation for
 * operation, rounding to float32 where that path stores into a Float32Array: the same seed gives
 * the same weights, bit for bit, whichever runs (online.test.ts holds it to that). It calls each
 * activation's own f and f′ and the loss's own cost, gradient and residual (all but a − y, which it
 * writes inline), so it knows no formula of its own.
 *
 * It needs `new Function`; where that is forbidden (a strict Content-Security-Policy), training
 * takes the general path. The generated source is made of fixed names and integer offsets only:
 * no string from a caller or a file reaches it.
 */
import type { Activation, ScalarActivation } from '../activations/activation.js';
import { allocate, type FloatArray } from '../data/matrix.js';
import type { Network } from '../network/network.js';

export interface SampleStep {
  /**
   * Runs one sample (row xRow of x, row yRow of y): fills the network's grads and puts its cost J
   * in `cost[0]` (a returned number would be boxed, an allocation per sample). Compiled with
   * `descend`, it also takes the step of plain gradient descent, w ← w − η·∂J/∂w, each weight as
   * soon as nothing below needs its old value (so every residual sees the old weights).
   */
  run(x: FloatArray, xRow: number, y: FloatArray, yRow: number, learningRate: number): void;
  /** (1): the cost of the sample `run` ran last. */
  readonly cost: Float64Array;
}

/**
 * The largest network compiled. The unrolled function runs about twice as fast as the general path
 * at every size measured (13 to 312 parameters), but the JIT's time to optimise it grows with it
 * (measured: 7–20 ms at 13 parameters, 60–70 ms at 123, 90–120 ms at 212), and until then it runs
 * unoptimised, slower than the general path: at 212 parameters a cold fit of 60,000 updates took
 * 208 ms compiled against 164 ms. At 128 the worst case is a few tens of milliseconds lost once
 * per network, on a short first fit.
 */
export const MAX_COMPILED_PARAMETERS = 128;

type StepFactory = (...args: unknown[]) => SampleStep['run'];

/**
 * The factories compiled so far, by their source (the shape and options of a network). A second
 * network of a shape already seen reuses its factory, and with it the code the JIT has already
 * optimised for the step (V8 keeps it with the function the factory returns, shared by every
 * step it makes), so that only the first network of a shape in a process trains cold. Bounded:
 * the oldest goes past FACTORIES_KEPT.
 */
const factories = new Map<string, StepFactory>();
const FACTORIES_KEPT = 64;

function stepFactory(source: string): StepFactory | null {
  let factory = factories.get(source);
  if (factory === undefined) {
    try {
      factory = new Function('p', 'g', 'out', 'zo', 't', 'd', 'costOut', 'loss', 'outputCost', 'l2', 'acts', 'f', 'df', 'zb', 'ab', 'fr', source) as StepFactory;
    } catch {
      return null; // code generation is not allowed here (a Content-Security-Policy)
    }
    factories.set(source, factory);
    if (factories.size > FACTORIES_KEPT) factories.delete(factories.keys().next().value!);
  }
  return factory;
}

/** True for an activation applied neuron by neuron (its f and f′ are called inline); false for softmax. */
const scalar = (act: Activation): act is ScalarActivation => 'apply' in act && !act.rowwise;

/** The compiled step for `network` (with L2 factor l2), or null where the general path must run. */
export function compileSampleStep(network: Network, l2: number, descend: boolean): SampleStep | null {
  const { layers, activations, loss, dtype, outputCost } = network;
  if (network.backend.name !== 'js' || network.parameterCount > MAX_COMPILED_PARAMETERS) return null;
  if (!activations.every((a) => a.trainable)) return null;
  // Only the output layer may be softmax (network-config.ts); the step relies on it.
  if (!activations.slice(0, -1).every(scalar)) return null;
  const shortcut = loss.shortcut(activations[activations.length - 1]); // as Network.backward decides
  const rowwise = activations.map((a) => !scalar(a));
  const source = stepSource(layers, { float32: dtype === 'float32', l2: l2 > 0, shortcut, descend, rowwise });
  const factory = stepFactory(source);
  if (factory === null) return null; // code generation is not allowed here
  const apply = activations.map((a) => (scalar(a) ? a.apply : null));
  const derivative = activations.map((a) => (scalar(a) ? a.derivative : null));
  // Buffers of the network's dtype: the output row for the loss's own functions, and a softmax
  // output layer's z and a for the activation's own forward and backward.
  const buffer = (l: number) => allocate(dtype, layers[l]);
  const last = layers.length - 1;
  const rowBuffers = () => activations.map((a, l) => (rowwise[l] ? buffer(l + 1) : null));
  const cost = new Float64Array(1);
  const run = factory(
    network.params,
    network.grads,
    buffer(last),
    buffer(last),
    buffer(last),
    buffer(last),
    cost,
    loss,
    outputCost,
    l2,
    activations,
    apply,
    derivative,
    rowBuffers(),
    rowBuffers(),
    Math.fround,
  );
  return { run, cost };
}

/**
 * The body of a factory returning the step. Names: a{l}_{i} is neuron i's activation in layer l
 * (layer 0 the inputs), z{l}_{i} its weighted input, d{l}_{i} its residual; p and g are params and
 * grads, laid out as parameters.ts lays them out (W[l] (n_l, n_{l+1}) row-major, then b[l]). An
 * output layer whose activation is `rowwise` (softmax) goes through buffers zb, ab and the
 * activation's own forward and backward, as the general path does.
 */
export function stepSource(
  layers: readonly number[],
  options: { float32: boolean; l2: boolean; shortcut: boolean; descend: boolean; rowwise?: readonly boolean[] },
): string {
  const { float32, l2, shortcut, descend } = options;
  const rowwise = options.rowwise ?? layers.slice(1).map(() => false);
  const round = (e: string) => (float32 ? `fr(${e})` : `(${e})`); // fr: what storing into a Float32Array does
  const last = layers.length - 1;
  const weightAt: number[] = [];
  const biasAt: number[] = [];
  let offset = 0;
  for (let l = 0; l < last; l++) {
    weightAt.push(offset);
    offset += layers[l] * layers[l + 1];
    biasAt.push(offset);
    offset += layers[l + 1];
  }
  const w = (l: number, i: number, j: number) => `p[${weightAt[l] + i * layers[l + 1] + j}]`;
  const lines: string[] = [];
  const emit = (line: string) => lines.push(line);

  for (let l = 0; l < last; l++) {
    emit(rowwise[l] ? `const act${l} = acts[${l}], zb${l} = zb[${l}], ab${l} = ab[${l}];` : `const f${l} = f[${l}], df${l} = df[${l}];`);
  }
  emit('return function sampleStep(x, xRow, y, yRow, learningRate) {');
  for (let i = 0; i < layers[0]; i++) emit(`const a0_${i} = ${round(`x[xRow + ${i}]`)};`);
  // forward: z = a·W + b accumulated input by input, as kernels.ts linearForward; a = f(z)
  for (let l = 0; l < last; l++) {
    const m = layers[l + 1];
    for (let j = 0; j < m; j++) {
      emit(`let z${l + 1}_${j} = p[${biasAt[l] + j}];`);
      for (let i = 0; i < layers[l]; i++) emit(`z${l + 1}_${j} = ${round(`z${l + 1}_${j} + a${l}_${i} * ${w(l, i, j)}`)};`);
      if (!rowwise[l]) emit(`const a${l + 1}_${j} = ${round(`f${l}(z${l + 1}_${j})`)};`);
    }
    if (rowwise[l]) {
      for (let j = 0; j < m; j++) emit(`zb${l}[${j}] = z${l + 1}_${j};`);
      emit(`act${l}.forward(zb${l}, ab${l}, 1, ${m});`);
      for (let j = 0; j < m; j++) emit(`const a${l + 1}_${j} = ab${l}[${j}];`);
    }
  }
  // loss: the network's own cost of the output row (from a, or from z: zo), as Network.cost
  const outputs = layers[last];
  for (let j = 0; j < outputs; j++) emit(`out[${j}] = a${last}_${j}; zo[${j}] = z${last}_${j}; t[${j}] = y[yRow + ${j}];`);
  emit(`let cost = outputCost(out, zo, t, 1, ${outputs}) / 1;`);
  if (l2) {
    emit('let squares = 0;');
    for (let l = 0; l < last; l++) {
      for (let k = weightAt[l]; k < biasAt[l]; k++) emit(`squares += p[${k}] * p[${k}];`);
    }
    emit('cost += (l2 / 2) * squares;');
  }
  // backward: the output residual, then each layer's dW, db and the residual below, as Network.backward
  if (shortcut && rowwise[last - 1]) {
    // softmax with categorical-cross-entropy: the loss's own a·Σy − y
    emit(`loss.residual(out, t, d, 1, ${outputs});`);
    for (let j = 0; j < outputs; j++) emit(`const d${last}_${j} = d[${j}];`);
  } else if (shortcut) {
    for (let j = 0; j < outputs; j++) emit(`const d${last}_${j} = ${round(`a${last}_${j} - t[${j}]`)};`);
  } else if (rowwise[last - 1]) {
    emit(`loss.gradient(out, t, d, ${outputs});`);
    emit(`act${last - 1}.backward(zb${last - 1}, ab${last - 1}, d, 1, ${outputs});`);
    for (let j = 0; j < outputs; j++) emit(`const d${last}_${j} = d[${j}];`);
  } else {
    emit(`loss.gradient(out, t, d, ${outputs});`);
    for (let j = 0; j < outputs; j++) emit(`const d${last}_${j} = ${round(`d[${j}] * df${last - 1}(z${last}_${j}, a${last}_${j})`)};`);
  }
  // A gradient goes into grads and, with descend, into its weight: g = ∂J/∂w, w ← w − η·g.
  const gradient = (k: number, value: string) => emit(descend ? `p[${k}] -= learningRate * (g[${k}] = ${value});` : `g[${k}] = ${value};`);
  for (let l = last - 1; l >= 0; l--) {
    const m = layers[l + 1];
    if (l > 0) {
      // δ_i^(l) = (Σ_j W[l][i][j]·δ_j^(l+1))·f′(z_i^(l)), from W[l] before its step
      for (let i = 0; i < layers[l]; i++) {
        const sum = Array.from({ length: m }, (_, j) => ` + d${l + 1}_${j} * ${w(l, i, j)}`).join('');
        emit(`const d${l}_${i} = ${round(`${round(`0${sum}`)} * df${l - 1}(z${l}_${i}, a${l}_${i})`)};`);
      }
    }
    for (let j = 0; j < m; j++) gradient(biasAt[l] + j, `d${l + 1}_${j}`);
    for (let i = 0; i < layers[l]; i++) {
      for (let j = 0; j < m; j++) {
        const k = weightAt[l] + i * m + j;
        const product = round(`a${l}_${i} * d${l + 1}_${j}`);
        gradient(k, l2 ? round(`${product} + l2 * p[${k}]`) : product);
      }
    }
  }
  emit('costOut[0] = cost;');
  emit('};');
  return lines.join('\n');
}
