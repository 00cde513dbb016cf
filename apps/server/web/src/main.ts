/** The page: five panels (Watch with its list of jobs) over the server's public API, wired through the shared state. */
import { jobsPanel } from './panels/jobs.js';
import { modelsPanel } from './panels/models.js';
import { trainPanel } from './panels/train.js';
import { tryPanel } from './panels/try.js';
import { understandPanel } from './panels/understand.js';
import { watchPanel } from './panels/watch.js';

modelsPanel();
trainPanel();
jobsPanel();
watchPanel();
understandPanel();
tryPanel();
