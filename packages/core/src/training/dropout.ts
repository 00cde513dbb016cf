/**
 * Dropout (Srivastava et al. 2014, https://jmlr.org/papers/v15/srivastava14a.html), inverted: while
 * training, each hidden neuron's activation is kept with probability 1 − p and then scaled by
 * 1/(1 − p), or set to 0; prediction uses every neuron unscaled, so it needs no change at all.
 *
 * With m the mask of a layer (0 or 1/(1 − p) per neuron and sample), the next layer reads
 * ã = a ⊙ m instead of a. Backward, ∂J/∂a = (Σ_j W[i][j]·δ_j) ⊙ m, and δ = ∂J/∂a ⊙ f′(z) with f′ at
 * the unmasked z and a: the residual is masked the same way. `draw` makes a batch's masks from the
 * training's generator (one draw per neuron and sample, layers in order, a layer with p = 0 none,
 * so `dropout: 0` trains bit for bit as no dropout); forward and backward then read them.
 */
import type { FloatArray } from '../data/matrix.js';
import type { Random } from '../random.js';

/**
 * The dropout of one training: a mask per hidden layer with p > 0, drawn per batch (`draw`), read
 * by the network's forward and backward passes. `fit`'s `dropout` option makes one.
 */
export class Dropout {
  /** p per layer, 0 for the input and output layers. */
  private readonly rates: number[];
  /** Per layer with p > 0: the masks, (capacity, n_l), 0 or 1/(1 − p); and ã = a ⊙ m. */
  private readonly masks: (FloatArray | null)[];
  private readonly kept: (FloatArray | null)[];
  private readonly layers: readonly number[];

  /**
   * For a network's layer sizes, with buffers its kernels can read (a Network is one): `hidden[h]`
   * is p for hidden layer h + 1; batches up to `capacity` samples.
   */
  constructor(network: { readonly layers: readonly number[]; allocateBuffer(length: number): FloatArray }, hidden: readonly number[], capacity: number) {
    const { layers } = network;
    this.layers = layers;
    this.rates = layers.map((_, l) => (l === 0 || l === layers.length - 1 ? 0 : hidden[l - 1]));
    this.masks = layers.map((n, l) => (this.rates[l] > 0 ? network.allocateBuffer(capacity * n) : null));
    this.kept = layers.map((n, l) => (this.rates[l] > 0 ? network.allocateBuffer(capacity * n) : null));
  }

  /** True when some layer drops neurons. */
  get active(): boolean {
    return this.rates.some((p) => p > 0);
  }

  /** New masks for a batch of `batchSize` samples (of at most the capacity). */
  draw(batchSize: number, random: Random): void {
    for (let l = 0; l < this.rates.length; l++) {
      const mask = this.masks[l];
      if (mask === null) continue;
      const p = this.rates[l];
      const scale = 1 / (1 - p);
      const size = batchSize * this.layers[l];
      for (let k = 0; k < size; k++) mask[k] = random.next() < p ? 0 : scale;
    }
  }

  /** What layer l passes on: a itself, or ã = a ⊙ m (batchSize·n_l values). */
  forward(l: number, a: FloatArray, size: number): FloatArray {
    const mask = this.masks[l];
    if (mask === null) return a;
    const kept = this.kept[l]!;
    for (let k = 0; k < size; k++) kept[k] = a[k] * mask[k];
    return kept;
  }

  /** ∂J/∂a ← ∂J/∂ã ⊙ m, in place, before f′ makes it layer l's residual. */
  backward(l: number, gradient: FloatArray, size: number): void {
    const mask = this.masks[l];
    if (mask === null) return;
    for (let k = 0; k < size; k++) gradient[k] *= mask[k];
  }
}
