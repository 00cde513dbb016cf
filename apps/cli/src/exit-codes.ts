/**
 * The exit codes: 0 success, 2 a usage error (a bad flag, value or combination of them, an
 * unknown command, a missing argument), 1 bad data, a bad model or a file that cannot be read or
 * written, 130 training stopped by Ctrl-C (the model is saved all the same).
 */
import { BpnnError, ConfigError } from '@bpnn/core';

/** A usage error found after commander's own parsing: flags that do not go together. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, bad: 1, usage: 2, interrupted: 130 } as const;

/**
 * The exit code for an error thrown by a command. A ConfigError from core is a usage error: the
 * CLI passes flag values straight to core, so a configuration core refuses is a flag problem
 * (`--loss binary-cross-entropy` with a softmax output, say).
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT.usage;
  if (error instanceof BpnnError) return EXIT.bad;
  return EXIT.bad;
}
