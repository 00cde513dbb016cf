import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Runs the built command as a user would: a separate process, no terminal. */
function bpnn(...args: string[]) {
  const bin = fileURLToPath(new URL('../dist/bpnn.js', import.meta.url));
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('bpnn (the built command)', () => {
  it('demo trains on the bundled iris data and reports accuracy and a confusion matrix', () => {
    const { code, stdout, stderr } = bpnn('demo');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const accuracy = Number(/test accuracy: ([\d.]+)/.exec(stdout)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(stdout).toMatch(/epoch {2}200\/200 {2}loss [\d.]+/);
    expect(stdout).toMatch(/actual \\ predicted\s+setosa\s+versicolor\s+virginica/);
    expect(stdout).toContain('the model was kept in memory');
  });

  it('demo --json prints one parseable object whose confusion matrix counts the test set', () => {
    const { code, stdout } = bpnn('demo', '--json', '--epochs', '50', '--seed', '3');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.layers).toEqual([4, 64, 3]);
    expect(result.epochs).toBe(50);
    expect(result.confusion.counts.flat().reduce((a: number, b: number) => a + b)).toBe(30);
    expect(result.testAccuracy).toBeGreaterThan(0.8);
  });

  it('is reproducible: the same seed prints the same numbers', () => {
    const strip = (text: string) => text.replace(/\([\d.]+ s\)|in [\d.]+ s/g, '');
    expect(strip(bpnn('demo', '--seed', '9', '--epochs', '30').stdout)).toBe(strip(bpnn('demo', '--seed', '9', '--epochs', '30').stdout));
  });

  it('answers --version and --help with exit code 0', () => {
    expect(bpnn('--version')).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = bpnn('demo', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Example:');
  });

  it('exits 2 with a one-line message on a usage error, never a stack trace', () => {
    const bad = bpnn('demo', '--epochs', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--epochs must be a whole number ≥ 1, got "lots"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(bpnn('frobnicate').code).toBe(2);
  });
});
