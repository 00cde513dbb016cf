/**
 * Where a command writes: lines for people or scripts on stdout, in-place redraws when stdout is a
 * terminal, and the exit status a command may set besides throwing (gradcheck above tolerance,
 * training stopped by Ctrl-C).
 */
export interface Io {
  /** Writes one line to stdout. */
  out(line: string): void;
  /** Writes text to stdout as it is (for redrawing a line in place). */
  write(text: string): void;
  /** One line on stderr, prefixed with `bpnn: `. */
  warn(line: string): void;
  /** stdout is a terminal: draw progress bars and charts. */
  readonly isTTY: boolean;
  /** The terminal's width in columns (80 when unknown). */
  readonly columns: number;
  /** The exit status when the command returns normally; 0 unless a command sets it. */
  status: number;
}

export function processIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    write: (text) => process.stdout.write(text),
    warn: (line) => process.stderr.write(`bpnn: ${line}\n`),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns || 80,
    status: 0,
  };
}
