/**
 * Network: a fully-connected feed-forward network (multilayer perceptron).
 *
 * Layer l holds n_l neurons and the weights that leave them: W[l] has shape (n_l, n_{l+1}),
 * b[l] has shape (n_{l+1}). Forward: z^(l+1) = a^(l)·W[l] + b[l], a^(l+1) = f_l(z^(l+1)).
 * Backward propagates each neuron's residual δ = ∂J/∂z from the output layer down (DESIGN.md).
 * All weights and biases live in one buffer (`params`) with named views; their gradients in a
 * second buffer (`grads`) of the same layout (parameters.ts). `parameters()` is the contract with
 * optimisers and serializers. The network does not train itself: `fit(network, …)` (train.ts)
 * drives it. Beside it: the L2 and L1 penalties (weight-penalties.ts), the checks of what it is
 * given (input-checks.ts), the buffers of the batch in flight (batch-buffers.ts), and one sample
 * made visible (explanation.ts).
 */
import { activation, activationSpec, type Activation } from '../activations/activations.js';
import { ConfigError, DataError, ShapeError, show } from '../errors.js';
import { checkInit, defaultInit, initWeights, type InitName } from './init.js';
import type { Backend, BackendPreference } from '../backend/backend.js';
import type { KernelPreference } from '../backend/kernel-variants.js';
import { loss as lossByName, outputCost, type Loss, type OutputCost } from './losses.js';
import { allocate, assertFinite, Matrix, type Allocation, type DType, type FloatArray, type MatrixLike } from '../data/matrix.js';
import { Random } from '../random.js';
import { integerOption } from '../options.js';
import { checkOptions, optionNames } from '../strict-options.js';
import { NETWORK_DEFAULTS } from '../defaults/defaults.js';
import type { Dropout } from '../training/dropout.js';
import { resolveConfig, type NetworkConfig, type NetworkOptions } from './network-config.js';
import { checkParameterValues, layerViews, namedParameters, parameterLayout, parameterMemory, type Parameter } from './parameters.js';
import { addPenaltyGradients, sumAbsoluteWeights, sumSquaredWeights } from './weight-penalties.js';
import { checkFloat32Range, copyFinite, notFinite } from './input-checks.js';
import { explanation, type Explanation } from './explanation.js';
import { batchBuffers } from './batch-buffers.js';

export type { NetworkConfig, NetworkOptions, Parameter, Explanation };

export const DEFAULT_SEED = NETWORK_DEFAULTS.seed;

/** The keys of a {@link NetworkConfig}, all that fromParameters reads. */
const CONFIG_KEYS = optionNames<NetworkConfig>({ layers: true, activations: true, loss: true, dtype: true });

/**
 * True only during the constructor call that fromParameters makes: the parameters it is given
 * replace the initial weights, so none are drawn (for a model file of a million weights, drawing
 * them took longer than reading the file).
 */
let parametersGiven = false;

export class Network {
  readonly layers: readonly number[];
  readonly activations: readonly Activation[];
  readonly loss: Loss;
  readonly dtype: DType;
  /** Every weight and bias, layer by layer: W[0], b[0], W[1], b[1], … */
  readonly params: FloatArray;
  /** ∂J/∂params after `backward`, same layout. */
  readonly grads: FloatArray;
  readonly backend: Backend;
  private readonly weightOffsets: number[];
  private readonly biasOffsets: number[];
  /** Per weight layer l: views of params and grads. W[l] (n_l, n_{l+1}), b[l] (n_{l+1}). */
  private readonly weights: FloatArray[];
  private readonly biases: FloatArray[];
  private readonly dWeights: FloatArray[];
  private readonly dBiases: FloatArray[];
  private capacity = 0;
  /** Per layer, for the batch in flight: a (batch, n_l); z and δ for l ≥ 1 (z[0] holds inputs
   * copied in for the kernels; residual[0] is unused; batch-buffers.ts). */
  private a: FloatArray[] = [];
  private z: FloatArray[] = [];
  private residual: FloatArray[] = [];
  /** What layer l + 1 read in the last forward: a[l], or with dropout the masked ã[l] (dropout.ts). */
  private fed: FloatArray[] = [];
  /** True when the output residual has the loss's closed form for this output activation (losses.ts). */
  private readonly outputShortcut: boolean;
  /** Σ of a batch's per-sample costs, from the output layer's z where the loss allows (losses.ts). */
  readonly outputCost: OutputCost;
  /** The last input buffer `forward` found to be in the kernels' memory. */
  private ownedInput: FloatArray | null = null;
  /** predictOne's one-call forward (backend.forwardRow) over the buffers `a` it was planned for. */
  private runRow: (() => number) | null = null;
  private rowPlanFor: FloatArray[] | null = null;
  /** The outputs of predictOne's forward: (1, n_L) of a[L]. */
  private rowOutput: FloatArray | null = null;
  /** The last view `forward` returned, reused while the batch size stays the same. */
  private outputView: FloatArray | null = null;

  constructor(options: NetworkOptions) {
    const config = resolveConfig(options);
    this.layers = config.layers;
    this.activations = config.activations.map((spec, l) => activation(spec, `activations[${l}]`));
    this.loss = lossByName(config.loss);
    this.dtype = config.dtype;
    this.loss.check(this.activations[this.activations.length - 1]);
    this.outputShortcut = this.loss.shortcut(this.activations[this.activations.length - 1]);
    this.outputCost = outputCost(this.loss, this.activations[this.activations.length - 1]);
    if (this.activations[this.activations.length - 1].name === 'softmax' && this.outputSize < 2) {
      throw new ConfigError('outputActivation', `softmax needs at least 2 outputs (one is always 1), got ${this.outputSize}`);
    }
    const layout = parameterLayout(this.layers);
    this.weightOffsets = layout.weightOffsets;
    this.biasOffsets = layout.biasOffsets;
    ({ backend: this.backend, params: this.params, grads: this.grads } = parameterMemory(this.layers, this.dtype, options, layout.length));
    ({ weights: this.weights, biases: this.biases } = layerViews(this.layers, layout, this.params));
    ({ weights: this.dWeights, biases: this.dBiases } = layerViews(this.layers, layout, this.grads));
    const random = new Random(integerOption('seed', options.seed, DEFAULT_SEED, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
    if (!parametersGiven) this.initialize(random, options.init);
  }

  /** A network with the given architecture and parameter values (as a model file holds them). */
  static fromParameters(config: NetworkConfig, params: ArrayLike<number>, backend?: BackendPreference, wasmKernels?: KernelPreference): Network {
    if (config === null || typeof config !== 'object') throw new ConfigError('config', `must be a network's configuration { layers, activations, loss, dtype }, got ${show(config)}`);
    // (a misspelt key, such as the constructor's `activation`, would otherwise give a network of the default activations)
    checkOptions(config, CONFIG_KEYS, 'Network.fromParameters', 'config');
    if (params == null || typeof params !== 'object' || typeof params.length !== 'number') throw new ConfigError('params', `must be an array of the network's weights and biases, got ${show(params)}`);
    let network: Network;
    parametersGiven = true;
    try {
      network = new Network({ layers: config.layers, activation: config.activations, loss: config.loss, dtype: config.dtype, backend, wasmKernels });
    } finally {
      parametersGiven = false;
    }
    if (params.length !== network.params.length) {
      throw new ShapeError(`layers ${show(config.layers)} need ${network.params.length} parameters, got ${params.length}`);
    }
    checkParameterValues(params, network.dtype, network.parameters());
    network.params.set(params);
    return network;
  }

  /** Neurons in the input layer, `layers[0]`: the columns of an input matrix. */
  get inputSize(): number {
    return this.layers[0];
  }

  /** Neurons in the output layer, the last of `layers`: the columns of an output matrix. */
  get outputSize(): number {
    return this.layers[this.layers.length - 1];
  }

  /** The number of weights and biases. */
  get parameterCount(): number {
    return this.params.length;
  }

  /**
   * The architecture as plain data (layers, one activation per weight layer, loss, dtype): with
   * `params`, all that {@link Network.fromParameters} needs to rebuild this network.
   */
  config(): NetworkConfig {
    return {
      layers: [...this.layers],
      activations: this.activations.map(activationSpec),
      loss: this.loss.name,
      dtype: this.dtype,
    };
  }

  /** A copy with its own parameters, in this dtype or another (on the same build of the wasm kernels). */
  clone(dtype: DType = this.dtype, backend?: BackendPreference): Network {
    const backendName = backend ?? (dtype === this.dtype ? this.backend.name : 'auto');
    return Network.fromParameters({ ...this.config(), dtype }, this.params, backendName, this.backend.kernels ?? 'auto');
  }

  /** A zero-filled buffer that this network's kernels read without copying (for batches). */
  allocateBuffer(length: number): FloatArray {
    return this.backend.allocate(length);
  }

  /**
   * Like checkInputs, but in this network's own buffers and dtype, so that its kernels read the
   * data without any conversion (the matrix itself when it already is such). Data prepared this
   * way before `fit` makes gathering batches a plain memory move.
   */
  ownMatrix(value: MatrixLike, name: string, width = this.inputSize): Matrix {
    const own = (length: number) => this.backend.allocate(length);
    const x = this.checkInputs(value, name, width, own);
    return this.backend.owns(x.data) && x.data.constructor === this.params.constructor ? x : x.copy(own);
  }

  /** Redraws every weight from `random` (biases to zero). */
  initialize(random: Random, init?: InitName): void {
    this.params.fill(0);
    for (let l = 0; l + 1 < this.layers.length; l++) {
      const scheme = init === undefined ? defaultInit(this.activations[l]) : checkInit(init);
      const w = this.weightOffsets[l];
      initWeights(this.params.subarray(w, w + this.layers[l] * this.layers[l + 1]), this.layers[l], this.layers[l + 1], scheme, random);
    }
  }

  /** Named views of every tensor and its gradient, in file order. */
  parameters(): Parameter[] {
    return namedParameters(this.layers, { weightOffsets: this.weightOffsets, biasOffsets: this.biasOffsets, length: this.params.length }, this.params, this.grads);
  }

  /**
   * Runs a batch forward. inputs (batchSize, n_0) → outputs (batchSize, n_L), a view of a working
   * buffer that the next call overwrites. While training, `dropout` masks the hidden activations
   * with the masks it last drew (dropout.ts); `backward` must then get it too.
   */
  forward(inputs: FloatArray, batchSize: number, dropout?: Dropout): FloatArray {
    if (inputs.length < batchSize * this.inputSize) {
      throw new ShapeError(`forward needs inputs of shape (${batchSize}, ${this.inputSize}), got ${inputs.length} values`);
    }
    this.reserve(batchSize);
    let x = inputs;
    if (inputs !== this.ownedInput && !this.backend.owns(inputs)) {
      // The kernels read their own memory: copy the batch in (z[0] is free for it).
      x = this.z[0];
      x.set(inputs.length === batchSize * this.inputSize ? inputs : inputs.subarray(0, batchSize * this.inputSize));
    } else {
      this.ownedInput = inputs; // the same buffer next time (a training batch) needs no check
    }
    this.a[0] = x;
    this.fed[0] = x;
    const last = this.layers.length - 1;
    for (let l = 0; l < last; l++) {
      const m = this.layers[l + 1];
      this.backend.linearForward(this.z[l + 1], this.fed[l], this.weights[l], this.biases[l], batchSize, this.layers[l], m);
      this.backend.activationForward(this.activations[l], this.z[l + 1], this.a[l + 1], batchSize, m);
      this.fed[l + 1] = dropout === undefined ? this.a[l + 1] : dropout.forward(l + 1, this.a[l + 1], batchSize * m); // ã = a ⊙ m
    }
    const size = batchSize * this.outputSize;
    if (this.outputView === null || this.outputView.length !== size) {
      this.outputView = this.a[last].subarray(0, size);
    }
    return this.outputView;
  }

  /**
   * The mean cost J over the batch that `forward` just ran, plus ½·l2·ΣW² when l2 > 0 and
   * l1·Σ|W| when l1 > 0 (weights only, not biases). targets (batchSize, n_L); weights
   * (batchSize), when given, weight each sample's cost: J = Σ_r w_r·cost_r / batchSize
   * (sample-weights.ts).
   */
  cost(targets: FloatArray, batchSize: number, l2 = 0, weights: Float64Array | null = null, l1 = 0): number {
    let j = this.costSum(targets, batchSize, weights) / batchSize;
    if (l2 > 0) j += (l2 / 2) * this.sumSquaredWeights();
    if (l1 > 0) j += l1 * this.sumAbsoluteWeights();
    return j;
  }

  /**
   * The sum of the per-sample costs of the batch that `forward` just ran, each times its weight
   * when weights (batchSize) are given. targets (batchSize, n_L).
   */
  costSum(targets: FloatArray, batchSize: number, weights: Float64Array | null = null): number {
    const last = this.layers.length - 1;
    const m = this.outputSize;
    if (weights === null) return this.outputCost(this.a[last], this.z[last], targets, batchSize, m);
    let sum = 0;
    for (let r = 0; r < batchSize; r++) {
      const row = (buffer: FloatArray) => buffer.subarray(r * m, (r + 1) * m);
      sum += weights[r] * this.outputCost(row(this.a[last]), row(this.z[last]), row(targets), 1, m);
    }
    return sum;
  }

  /**
   * Back-propagates the batch that `forward` just ran: the residual of every neuron, then
   * grads = ∂J/∂params for J the mean cost over the batch (+ ½·l2·ΣW² when l2 > 0, + l1·Σ|W|
   * when l1 > 0). targets (batchSize, n_L); weights (batchSize) as in `cost`. `dropout`: the one
   * the forward pass had.
   */
  backward(targets: FloatArray, batchSize: number, l2 = 0, weights: Float64Array | null = null, l1 = 0, dropout?: Dropout): void {
    const last = this.layers.length - 1;
    const outputs = this.a[last];
    const delta = this.residual[last];
    const size = batchSize * this.outputSize;
    const output = this.activations[last - 1];
    if (this.outputShortcut) {
      // The pairs for which δ has a closed form, a − y or a·Σy − y (see losses.ts): no f′ needed.
      this.loss.residual(outputs, targets, delta, batchSize, this.outputSize);
    } else {
      // δ = f′(z) ⊙ ∂cost/∂a (for softmax, the Jacobian-vector product).
      this.loss.gradient(outputs, targets, delta, size);
      this.backend.activationBackward(output, this.z[last], outputs, delta, batchSize, this.outputSize);
    }
    if (weights !== null) {
      // A weighted sample's cost w_r·cost_r has the residual w_r·δ_r: scale each row of δ^(L).
      const m = this.outputSize;
      for (let r = 0; r < batchSize; r++) for (let j = 0; j < m; j++) delta[r * m + j] *= weights[r];
    }
    const scale = 1 / batchSize;
    for (let l = last - 1; l >= 0; l--) {
      const n = this.layers[l];
      const m = this.layers[l + 1];
      // ∂J/∂W[l][i][j] = mean over the batch of a_i^(l)·δ_j^(l+1) (ã with dropout); ∂J/∂b[l][j] = mean of δ_j^(l+1).
      this.backend.linearBackwardParams(this.dWeights[l], this.dBiases[l], this.fed[l], this.residual[l + 1], batchSize, n, m, scale);
      if (l > 0) {
        // δ_i^(l) = (Σ_j W[l][i][j]·δ_j^(l+1))·f′(z_i^(l)), the sum masked first with dropout
        this.backend.linearBackwardInputs(this.residual[l], this.residual[l + 1], this.weights[l], batchSize, n, m);
        dropout?.backward(l, this.residual[l], batchSize * n);
        this.backend.activationBackward(this.activations[l - 1], this.z[l], this.a[l], this.residual[l], batchSize, n);
      }
    }
    // ∂(½·l2·ΣW²)/∂W = l2·W; ∂(l1·Σ|W|)/∂W = l1·sign(W) (weight-penalties.ts).
    if (l2 > 0 || l1 > 0) addPenaltyGradients(this.grads, this.params, this.layers, this.weightOffsets, l2, l1);
  }

  /** Outputs for a batch of inputs, checked: (rows, n_0) → (rows, n_L). */
  predict(inputs: MatrixLike): Matrix {
    const x = this.checkInputs(inputs, 'inputs');
    const out = Matrix.zeros(x.rows, this.outputSize, this.dtype);
    const chunk = 1024; // bounds the working buffers for very large inputs
    for (let start = 0; start < x.rows; start += chunk) {
      const rows = Math.min(chunk, x.rows - start);
      const outputs = this.forward(x.data.subarray(start * this.inputSize, (start + rows) * this.inputSize), rows);
      out.data.set(outputs, start * this.outputSize);
    }
    return out;
  }

  /**
   * The outputs for one sample of n_0 values: a new array of the network's dtype, or `output` (a
   * Float32Array or Float64Array of n_L values) filled and returned, which allocates nothing. On
   * the wasm backend a typed array of numbers (Float32Array, Float64Array, Uint8Array, …) is copied
   * in as it is and checked by the kernel, which looks for NaN and ±∞ before it computes; other
   * inputs are checked value by value as they are copied.
   */
  predictOne(input: ArrayLike<number>, output?: FloatArray): FloatArray {
    // (this.layers[0], not the inputSize getter: until the JIT optimises this, a getter is a call)
    if (input == null || input.length !== this.layers[0]) {
      if (input == null || typeof input !== 'object' || typeof input.length !== 'number') {
        const what = ArrayBuffer.isView(input) ? `a ${Object.prototype.toString.call(input).slice(8, -1)}` : show(input); // a DataView has no length, nor values by index
        throw new DataError(`input must be an array of ${this.inputSize} numbers, got ${what}`);
      }
      throw new ShapeError(`input has ${input.length} values, the network takes ${this.inputSize}`);
    }
    if (output !== undefined) this.checkOutput(output);
    if (this.rowPlanFor !== this.a) this.planRow();
    const x = this.z[0]; // z[0] is unused by the layers: a free (1, n_0) buffer
    const run = this.runRow;
    if (run !== null && ArrayBuffer.isView(input) && typeof input[0] === 'number') x.set(input);
    else copyFinite(input, x, this.dtype);
    let outputs: FloatArray; // (1, n_L), the network's
    if (run === null) {
      outputs = this.forward(x, 1);
    } else {
      const column = run();
      if (column >= 0) throw notFinite(column, input[column], this.dtype);
      outputs = this.rowOutput as FloatArray;
    }
    if (output !== undefined) {
      output.set(outputs);
      return output;
    }
    // (the constructor's copy: about 30 ns faster than slice() for W1's 10 float32 outputs, measured)
    return outputs instanceof Float32Array ? new Float32Array(outputs) : new Float64Array(outputs);
  }

  /** predictOne's `output`: a Float32Array or Float64Array of n_L values. */
  private checkOutput(output: FloatArray): void {
    if (!(output instanceof Float32Array || output instanceof Float64Array)) {
      throw new DataError(`output must be a Float32Array or Float64Array of ${this.outputSize} values, got ${show(output)}`);
    }
    if (output.length !== this.outputSize) {
      throw new ShapeError(`output has ${output.length} values, the network gives ${this.outputSize}`);
    }
  }

  /**
   * Plans predictOne's one-call forward (backend.forwardRow) over the buffers of reserve(1): once,
   * and again only when a larger batch has replaced them.
   */
  private planRow(): void {
    this.reserve(1);
    this.rowPlanFor = this.a;
    this.rowOutput = this.a[this.layers.length - 1].subarray(0, this.outputSize);
    this.runRow = this.backend.forwardRow(
      this.activations.map((activation, l) => ({
        z: this.z[l + 1], x: l === 0 ? this.z[0] : this.a[l], weights: this.weights[l], biases: this.biases[l],
        a: this.a[l + 1], n: this.layers[l], m: this.layers[l + 1], activation,
      })),
    );
  }

  /** One sample's activations, residuals and gradients, layer by layer. */
  explain(input: ArrayLike<number>, target: ArrayLike<number>): Explanation {
    if (target == null || typeof target !== 'object') throw new DataError(`target must be an array of ${this.outputSize} numbers, got ${show(target)}`);
    if (target.length !== this.outputSize) {
      throw new ShapeError(`target has ${target.length} values, the network has ${this.outputSize} outputs`);
    }
    this.predictOne(input);
    // as forward(x, 1) leaves them, which predictOne's one-call forward does not touch
    this.a[0] = this.z[0];
    for (let l = 0; l < this.a.length; l++) this.fed[l] = this.a[l];
    const y = allocate(this.dtype, this.outputSize);
    y.set(target);
    assertFinite(y, 'target', this.outputSize);
    const cost = this.cost(y, 1);
    this.backward(y, 1);
    return explanation(this.layers, this.a, this.z, this.residual, this.parameters(), cost);
  }

  /** The residual δ = ∂J/∂z of every neuron for one sample, one vector per layer after the input. */
  residuals(input: ArrayLike<number>, target: ArrayLike<number>): Float64Array[] {
    return this.explain(input, target).residuals;
  }

  /**
   * Inputs (or targets, with their width) as a checked Matrix: a Matrix as it is, whatever its
   * dtype (every value finite); rows of numbers converted once, into buffers from `into`.
   */
  checkInputs(value: MatrixLike, name: string, width = this.inputSize, into: Allocation = this.dtype): Matrix {
    if (this.dtype === 'float32') checkFloat32Range(value, name);
    const x = Matrix.from(value, name, into);
    if (x.cols !== width && x.rows > 0) {
      throw new ShapeError(`${name} have shape ${x.shape}, the network ${width === this.inputSize ? 'takes' : 'gives'} (rows, ${width})`);
    }
    return x;
  }

  /** ΣW² over every weight (biases excluded): the L2 term of the cost J is ½·λ times this. */
  sumSquaredWeights(): number {
    return sumSquaredWeights(this.params, this.layers, this.weightOffsets);
  }

  /** Σ|W| over every weight (biases excluded): the L1 term of the cost J is λ₁ times this. */
  sumAbsoluteWeights(): number {
    return sumAbsoluteWeights(this.params, this.layers, this.weightOffsets);
  }

  /** Makes the working buffers hold a batch of `batchSize` (they only grow). */
  reserve(batchSize: number): void {
    if (batchSize <= this.capacity) return;
    ({ a: this.a, z: this.z, residual: this.residual } = batchBuffers(this.layers, this.backend, batchSize));
    this.fed = [...this.a];
    this.capacity = batchSize;
    this.outputView = null;
  }
}

