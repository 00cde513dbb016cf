/**
 * FileFormatError: a file that is not what it claims to be. It names the file (`source`), the
 * field that is wrong, what was expected and what was found, and ends with what to do about it,
 * so that a user can act on the message and the CLI and server can map the class, not the text.
 * The readers of model files and of their JSON form (here, and in @bpnn/serialize) throw it.
 */
import { FormatError } from '../errors.js';

/** The advice for a file that fails a check: nothing a user did wrong, but the bytes are bad. */
export const DAMAGED = 'The file is damaged or was not written by bpnn: save or train the model again.';

export class FileFormatError extends FormatError {
  /**
   * @param source the file's name as the user knows it ("iris.bpnn")
   * @param field where in the file: "header length", "tensor \"layers.0.weight\".shape", "model.labels"
   * @param problem the constraint and the value found: `must be F32 or F64, got "F16"`
   * @param advice what to do next (a sentence)
   */
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
    advice: string = DAMAGED,
  ) {
    super(`${source}: ${field} ${problem}. ${advice}`);
  }
}
