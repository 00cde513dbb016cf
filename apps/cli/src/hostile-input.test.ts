/**
 * Odd but plausible input, as a careful user tries it on the built command: flag values at the
 * edges of what a number can be, model files and data that are not what they claim. Each case was
 * once wrong (a late or misnamed error, a silent loss); the test names what it must be now.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bpnn, DATA, oneLine, workdir } from '../test/run.js';

const IRIS = join(DATA, 'iris.csv');

describe('flag values at the edges', () => {
  it('a seed beyond 2^53 − 1 is a usage error naming --seed, before any training', () => {
    const dir = workdir();
    for (const seed of ['9007199254740993', '1e20']) {
      const run = bpnn(['train', IRIS, '--target', 'species', '--epochs', '1', '--seed', seed, '--out', 'm.bpnn'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(oneLine(run.stderr)).toBe(`bpnn: --seed must be a whole number from 0 to 9007199254740991 (2^53 − 1), got "${seed}" (see --help)`);
    }
  });
});
