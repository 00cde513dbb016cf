/**
 * The published command's one file: esbuild bundles this entry, and with it the command
 * (bpnn.ts) and the training thread (train-worker.ts), each imported only where it runs. The
 * main thread runs the command; train-protocol.ts starts the training thread from this same file.
 */
import { isMainThread } from 'node:worker_threads';

await (isMainThread ? import('./bpnn.js') : import('./training/train-worker.js'));
