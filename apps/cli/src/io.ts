/**
 * Where a command writes: lines for people or scripts on stdout, in-place redraws when stdout is a
 * terminal, and the exit status a command may set besides throwing (gradcheck above tolerance,
 * training stopped by Ctrl-C). Every command writes stdout through here: a reader that stops
 * early (`bpnn train … | head -3`) closes the pipe, and what is written after that is dropped
 * while the command finishes its work (the model is saved) and exits as it would have.
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
  let closed = false;
  // EPIPE comes as an 'error' event after the write that met the closed pipe; later writes are dropped.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  const write = (text: string) => {
    if (!closed) process.stdout.write(text);
  };
  return {
    out: (line) => write(`${line}\n`),
    write,
    warn: (line) => process.stderr.write(`bpnn: ${line}\n`),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns || 80,
    status: 0,
  };
}
