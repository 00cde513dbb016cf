/**
 * The JSON form never trusts its input either: any value put anywhere in a valid document, any
 * member removed, any truncation of the text gives back a Model or a FileFormatError naming the
 * file and field (fast-check).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { arbitraryModel, expectFileFormatError, readsOrExplains } from '../../test/hostile.js';
import { readModelJson, writeModelJson } from './model-json.js';

const SOURCE = 'hostile.json';
const RUNS = { numRuns: 150 };

/** Every path to a value inside a JSON document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

describe('readModelJson on hostile documents', () => {
  it('reads or explains any value put at any path, or any member removed', () => {
    fc.assert(
      fc.property(arbitraryModel, fc.nat(), fc.jsonValue(), fc.boolean(), (model, pick, value, remove) => {
        const doc = JSON.parse(writeModelJson(model));
        const all = paths(doc).filter((p) => p.length > 0);
        const path = all[pick % all.length];
        let parent = doc;
        for (const key of path.slice(0, -1)) parent = parent[key];
        const last = path[path.length - 1];
        if (remove && !Array.isArray(parent)) delete parent[last];
        else parent[last] = value;
        readsOrExplains(() => readModelJson(JSON.stringify(doc), { source: SOURCE }), SOURCE);
      }),
      RUNS,
    );
  });

  it('refuses every truncation of the text', () => {
    fc.assert(
      fc.property(arbitraryModel, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (model, cut) => {
        const text = writeModelJson(model).trimEnd();
        expectFileFormatError(() => readModelJson(text.slice(0, Math.floor(cut * text.length)), { source: SOURCE }), SOURCE);
      }),
      RUNS,
    );
  });
});
