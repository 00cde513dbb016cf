/**
 * Core's refusals in the command line's words. Core names an option as the library spells it
 * (`validationSplit 0.99 of 150 rows leaves 0 to train on…`, `classWeights.foo is not a class`,
 * `schedule.every must be…`); the CLI passes its flags' values straight to core, so such a field
 * is the value of a flag of the running command, and the message names that flag instead
 * (`--validation-split 0.99 of 150 rows…`, `--class-weights foo is not a class`, `--schedule every
 * must be…`). A field that is no flag of the command (a model file's field, say), or a flag left
 * at its default, is left as it is.
 */
import type { ConfigError } from '@bpnn/core';
import type { Command } from 'commander';

/** Core's fields that a flag of another name gives (import's --inputs and --outputs). */
const FLAG_OF_FIELD: Record<string, string> = { inputNames: 'inputs', targetNames: 'outputs' };

/** `error`'s message with its field named as the running command's flag, when it is one. */
export function flagWording(error: ConfigError, command: Command | undefined): string {
  const field = /^[A-Za-z]+/.exec(error.field)?.[0]; // `schedule` of schedule.every, `hidden` of hidden[0]
  if (field === undefined || command === undefined || !error.message.startsWith(`${error.field} `)) return error.message;
  const attribute = command.options.some((o) => o.attributeName() === field) ? field : (FLAG_OF_FIELD[field] ?? field);
  // --no-early-stopping's attribute is earlyStopping, but a refusal of earlyStopping is not about it.
  const option = command.options.find((o) => o.long !== undefined && !o.negate && o.attributeName() === attribute);
  // Only a flag the user gave: a refusal of a default (loss categorical-cross-entropy with --output-activation relu) names the option.
  if (option?.long === undefined || command.getOptionValueSource(attribute) !== 'cli') return error.message;
  const within = error.field.slice(field.length).replace(/^\./, ''); // `every` of schedule.every, `[0]` of hidden[0]
  const named = within === '' ? option.long : within.startsWith('[') ? `${option.long}${within}` : `${option.long} ${within}`;
  return `${named}${error.message.slice(error.field.length)}`;
}
