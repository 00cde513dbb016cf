/**
 * Peers that run outside Node (FANN in C, PyTorch and scikit-learn in Python): a child process
 * that speaks the line protocol of apps/bench/native/ (fann-driver.c, python-peers.py), one reply
 * line ("ok" or "error …") per command. The workload's data is written once to a temporary folder
 * as raw float32 and read by the process before the clock starts; a timed run is one `train` or
 * `predict` command, so its time includes one round trip through a pipe (tens of microseconds,
 * against runs of at least 0.5 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Matrix } from '@bpnn/core';
import type { Contender, Prepared } from './contender.js';
import type { Workload } from './workloads.js';

/** A running peer process: `request` sends one command and resolves on its "ok". */
export class PeerProcess {
  private readonly child: ChildProcess;
  private readonly waiting: ((line: string) => void)[] = [];
  private data: Matrix | null = null;

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.unref();
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.waiting.shift()?.(line));
    this.child.on('exit', () => {
      for (const reply of this.waiting.splice(0)) reply('error the process exited');
    });
  }

  request(command: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => (line === 'ok' ? resolve() : reject(new Error(`${command.split(' ')[0]}: ${line}`))));
      this.child.stdin!.write(`${command}\n`);
    });
  }

  /** Loads a workload's data into the process, unless it holds it already. */
  async load(w: Workload): Promise<void> {
    if (this.data === w.x) return;
    const { x, y } = dataFiles(w);
    await this.request(`data ${x} ${y} ${w.x.rows} ${w.x.cols} ${w.y.cols}`);
    this.data = w.x;
  }

  close(): void {
    this.child.stdin!.end('quit\n');
  }
}

let folder: string | null = null;
const files = new WeakMap<Matrix, { x: string; y: string }>();

/** The workload's x and y as raw float32 files (once per data set), removed when the benchmark exits. */
function dataFiles(w: Workload): { x: string; y: string } {
  const known = files.get(w.x);
  if (known !== undefined) return known;
  if (folder === null) {
    const made = mkdtempSync(join(tmpdir(), 'bpnn-bench-'));
    folder = made;
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  const f32 = (m: Matrix) => Buffer.from(Float32Array.from(m.data).buffer);
  const paths = { x: join(folder, `${w.id}-x.f32`), y: join(folder, `${w.id}-y.f32`) };
  writeFileSync(paths.x, f32(w.x));
  writeFileSync(paths.y, f32(w.y));
  files.set(w.x, paths);
  return paths;
}

export interface NativePeer {
  name: string;
  describe(): string;
  /** Starts the process, or says why it cannot run here (a missing compiler, library or module). */
  start(): PeerProcess | string;
  /** null when the peer runs the workload, else why not. */
  supports(w: Workload): string | null;
  /** How the peer runs the workload, for its table row. */
  engine(w: Workload): string;
  /** The `build` command's algorithm word for the workload (adam, sgd, rprop, incremental). */
  algorithm(w: Workload): string;
  api(w: Workload): string;
}

/** A contender over a peer process (started on first use, and only once). */
export function nativeContender(peer: NativePeer): Contender {
  let started: PeerProcess | string | undefined;
  const peerProcess = () => (started ??= peer.start());
  return {
    name: peer.name,
    role: 'peer',
    describe: peer.describe,
    unavailable: () => {
      const p = peerProcess();
      return typeof p === 'string' ? p : null;
    },
    async ready() {
      const p = peerProcess();
      if (typeof p !== 'string') await p.request('ready').catch(() => {}); // a peer that failed says so at prepare
    },
    unsupported: (w) => peer.supports(w),
    async prepare(w): Promise<Prepared> {
      const p = peerProcess();
      if (typeof p === 'string') throw new Error(p);
      await p.load(w);
      await p.request(`build ${w.layers.join(',')} ${w.hidden} ${w.output} ${peer.algorithm(w)} ${w.optimizer.learningRate} ${w.batchSize}`);
      return {
        engine: peer.engine(w),
        api: peer.api(w),
        async at(size) {
          await p.request(`prepare ${size.rows}`);
          const command = w.task === 'train' ? `train ${size.epochs}` : `predict ${w.batchSize}`;
          return () => p.request(command);
        },
        dispose() {},
      };
    },
    close: () => {
      if (started instanceof PeerProcess) started.close();
    },
  };
}
