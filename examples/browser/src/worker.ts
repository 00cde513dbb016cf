// The page's training worker: @bpnn/core/worker answers trainInWorker's requests.
import { serveTraining } from '@bpnn/core/worker';

serveTraining();
