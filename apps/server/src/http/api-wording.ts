/**
 * The library's messages in the API's words. @bpnn/serialize and @bpnn/core name a remedy as the
 * library's option and, in an aside, as the command line's flag (`read it with decimal ","
 * (--decimal , on the command line)`). An HTTP client has no command line: its words are the
 * request's fields, which bear the library options' names (`delimiter`, `decimal`, `thousands`,
 * `missing`). So the flags' asides are dropped, and a missing value's remedy names the field.
 */
import { BpnnError, MissingValueError } from '@bpnn/core';

/** `error`'s message as an HTTP client should read it. */
export function apiMessage(error: BpnnError): string {
  if (error instanceof MissingValueError) return withoutFlags(error.withRemedy('"missing": "mean"'));
  return withoutFlags(error.message);
}

/** `message` without its asides about the command line's flags. */
export function withoutFlags(message: string): string {
  return message
    .replace(/, --[a-z-]+ on the command line\)/g, ')')
    .replace(/ \([^()]*\bon the command line\b[^()]*\)/g, '');
}
