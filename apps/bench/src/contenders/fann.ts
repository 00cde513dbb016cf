/**
 * FANN 2.2 (C), Debian's libfann-dev, in its float build and its double build (the peer of bpnn's
 * float64): apps/bench/native/fann-driver.c, compiled here with gcc -O2 into a temporary folder
 * when the benchmark starts, once per build (nothing prebuilt). FANN has no softmax,
 * no relu (2.2), no Adam and no mini-batches, so it runs what it has: sigmoid layers (squared
 * error), RPROP over whole epochs for W1/W2 (its default algorithm) and online SGD (incremental,
 * η 0.5) for W3, which is exactly W3; inference is fann_run per sample.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeContender, PeerProcess } from '../native-peer.js';
import type { Contender } from '../contender.js';

/** The driver's source, beside the bundle (dist/bench.js → native/). */
const SOURCE = fileURLToPath(new URL('../native/fann-driver.c', import.meta.url));

/** FANN's builds: fann_type float (libfloatfann) or double (libdoublefann). */
export type FannPrecision = 'float' | 'double';

function compile(precision: FannPrecision): PeerProcess | string {
  const folder = mkdtempSync(join(tmpdir(), 'bpnn-fann-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  const binary = join(folder, 'fann-driver');
  const build = precision === 'double' ? ['-DBPNN_FANN_DOUBLE', '-ldoublefann'] : ['-lfloatfann'];
  const gcc = spawnSync('gcc', ['-O2', '-o', binary, SOURCE, ...build, '-lm'], { encoding: 'utf8' });
  if (gcc.error !== undefined) return `skipped: gcc is missing (${gcc.error.message})`;
  if (gcc.status !== 0) return `skipped: gcc could not build the driver against libfann (apt-get install libfann-dev): ${gcc.stderr.split('\n')[0]}`;
  return new PeerProcess(binary, []);
}

export function fann(precision: FannPrecision = 'float'): Contender {
  return nativeContender({
    name: precision === 'float' ? 'FANN 2.2 (C)' : 'FANN 2.2 double (C)',
    describe: () =>
      `FANN 2.2 ${precision} (Debian libfann-dev, lib${precision}fann) through apps/bench/native/fann-driver.c, built with gcc -O2 at start; sigmoid layers ` +
      '(no relu or softmax in 2.2), RPROP per epoch for W1/W2 (no Adam or mini-batches), incremental SGD for W3, fann_run per sample',
    start: () => compile(precision),
    supports: () => null,
    engine: (w) => (w.task === 'infer' ? `C, scalar ${precision}, 1 thread` : `C, scalar ${precision}, 1 thread, ${w.batchSize === 1 ? 'incremental SGD' : 'RPROP'}`),
    algorithm: (w) => (w.batchSize === 1 ? 'incremental' : 'rprop'),
    api: (w) => (w.task === 'infer' ? 'fann_run per sample' : 'fann_train_epoch'),
  });
}
