/**
 * Parsed models by the SHA-256 of their bytes, so that bytes parsed once are not parsed again: the
 * ones some name serves, and the last UNUSED_KEPT that no name serves any more (a model put back as
 * it was, a file alternating with another). `hits` counts the parses saved (/metrics).
 */
import type { Model } from '@bpnn/core';

/** Parsed models kept after no name serves them, the most recently used ones. */
export const UNUSED_KEPT = 8;

export class ParseCache {
  /** Oldest use first. */
  private readonly models = new Map<string, Model>();
  hits = 0;

  /** The parsed model for these bytes, counting a hit, or undefined. */
  take(sha256: string): Model | undefined {
    const model = this.models.get(sha256);
    if (model === undefined) return undefined;
    this.hits++;
    this.models.delete(sha256);
    this.models.set(sha256, model);
    return model;
  }

  set(sha256: string, model: Model): void {
    this.models.delete(sha256);
    this.models.set(sha256, model);
  }

  /** Forgets the models no name in `used` serves, beyond the last UNUSED_KEPT. */
  prune(used: ReadonlySet<string>): void {
    const unused = [...this.models.keys()].filter((sha256) => !used.has(sha256));
    for (const sha256 of unused.slice(0, Math.max(0, unused.length - UNUSED_KEPT))) this.models.delete(sha256);
  }
}
