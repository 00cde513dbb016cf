/**
 * The training form's defaults: the project's own, defined once in core (packages/core/src/defaults.ts)
 * and used by the library, `bpnn train` and the job API alike.
 */
export { FIT_DEFAULTS, OPTIMIZER_DEFAULTS, TRAIN_DEFAULTS } from '@bpnn/core';
