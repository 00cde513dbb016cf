// A Node worker thread that serves training like a page's Web Worker would (worker.test.ts):
// the built @bpnn/core/worker entry on the thread's parentPort, a MessagePort with the Web API.
import { parentPort } from 'node:worker_threads';
import { serveTraining } from '../dist/worker/index.js';

serveTraining(parentPort);
