/**
 * PyTorch and scikit-learn through Debian's python3-torch and python3-sklearn, run by
 * /usr/bin/python3 (apps/bench/native/python-peers.py), each on one thread
 * (torch.set_num_threads(1); OMP/MKL/OpenBLAS threads 1). PyTorch runs every workload as written
 * (nn.Sequential, CrossEntropyLoss on z for softmax, Adam or SGD, shuffled mini-batches; inference
 * under no_grad per 1024-row batch, or per row for W1p). scikit-learn's MLPClassifier runs W1 and
 * W2 (softmax with cross-entropy, Adam, the same mini-batches) and their
 * inference by predict_proba; W3's sigmoid output with squared error is not a model it has.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nativeContender, PeerProcess } from '../native-peer.js';
import type { Contender } from '../contender.js';

const SCRIPT = fileURLToPath(new URL('../native/python-peers.py', import.meta.url));
/** Debian's interpreter, which sees Debian's python3-torch and python3-sklearn (not a pyenv one on PATH). */
const PYTHON = '/usr/bin/python3';

/** The libraries' versions, as the peers' start found them (for the descriptions). */
const versions: Record<string, string> = {};

function start(library: 'torch' | 'sklearn', module: string, apt: string): () => PeerProcess | string {
  return () => {
    const probe = spawnSync(PYTHON, ['-c', `import ${module}; print(${module}.__version__)`], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) return `skipped: ${PYTHON} cannot import ${module} (apt-get install ${apt})`;
    versions[library] = probe.stdout.trim();
    return new PeerProcess(PYTHON, [SCRIPT, library]);
  };
}

export function pytorch(): Contender {
  return nativeContender({
    name: 'PyTorch',
    describe: () => `PyTorch ${versions.torch ?? ''} (Debian python3-torch, CPU, float32), torch.set_num_threads(1): nn.Sequential, loss.backward(), optimizer.step()`,
    start: start('torch', 'torch', 'python3-torch'),
    supports: () => null,
    engine: () => 'C++ (ATen, MKL-DNN/BLAS), 1 thread',
    algorithm: (w) => w.optimizer.name,
    api: (w) => (w.task === 'infer' ? 'model(x) under no_grad' : 'loss.backward, optimizer.step'),
  });
}

export function sklearn(): Contender {
  return nativeContender({
    name: 'scikit-learn',
    describe: () => `scikit-learn ${versions.sklearn ?? ''} (Debian python3-sklearn) MLPClassifier, one BLAS thread: fit with max_iter = epochs (warm_start), predict_proba`,
    start: start('sklearn', 'sklearn', 'python3-sklearn'),
    supports: (w) => (w.output === 'softmax' ? null : 'MLPClassifier has no sigmoid output with squared error (W3)'),
    engine: () => 'NumPy (BLAS), 1 thread',
    algorithm: (w) => w.optimizer.name,
    api: (w) => (w.task === 'infer' ? 'predict_proba' : 'MLPClassifier.fit'),
  });
}
