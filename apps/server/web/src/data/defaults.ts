/**
 * The training form's defaults: the project's own, defined once in core (packages/core/src/defaults/defaults.ts)
 * and used by the library, `bpnn train` and the job API alike; AUTO_RULES are the rules by which the
 * server chooses what the form leaves empty (auto-defaults.ts).
 */
export { AUTO_RULES, FIT_DEFAULTS, OPTIMIZER_DEFAULTS, TRAIN_DEFAULTS } from '@bpnn/core';
