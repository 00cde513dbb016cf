/**
 * Training progress. On a terminal: one status line redrawn in place (epoch, a bar, loss, val
 * loss, samples per second, time left). On a pipe or a file: a plain line every tenth of the
 * epochs, so that a log reads well and holds no control characters.
 */
import type { EpochInfo } from '@bpnn/core';
import type { Io } from '../io.js';

export interface Progress {
  epoch(info: EpochInfo): void;
  /** Ends the progress display (the bar's line is finished with a newline). */
  done(): void;
  /** A message that must not be drawn over: the bar's line is cleared first and redrawn later. */
  note(line: string): void;
}

/** The progress display that fits the output: a bar on a terminal, plain lines otherwise. */
export function progress(io: Io, epochs: number, rows: number): Progress {
  return io.isTTY ? progressBar(io, epochs, rows) : progressLines(io, epochs);
}

/** Seconds as `1:05` or `1:02:05`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** 1234567 as `1.2M`, 12345 as `12.3k`. */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e5) return `${(n / 1e3).toFixed(0)}k`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

/** The status line for an epoch, at most `width` characters: `epoch 24/300 [███░░░] 8%  loss …`. */
export function statusLine(info: EpochInfo, rows: number, width: number): string {
  const digits = String(info.epochs).length;
  const fraction = info.epoch / info.epochs;
  const perEpoch = info.seconds / info.epoch;
  const left = perEpoch * (info.epochs - info.epoch);
  const head = `epoch ${String(info.epoch).padStart(digits)}/${info.epochs}`;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const parts = [
    `loss ${info.loss.toFixed(4)}`,
    ...(info.valLoss === undefined ? [] : [`val ${info.valLoss.toFixed(4)}`]),
    `${compact(perEpoch > 0 ? rows / perEpoch : 0).padStart(5)} samples/s`,
    `${clock(left)} left`,
  ];
  const room = (tail: string) => width - 1 - (head.length + 1 + percent.length + 2 + tail.length) - 3;
  // On a narrow terminal the rate gives way, so that the bar keeps at least 10 cells.
  if (room(parts.join('  ')) < 10) parts.splice(parts.length - 2, 1);
  const tail = parts.join('  ');
  const barWidth = Math.max(0, Math.min(30, room(tail)));
  const filled = Math.round(fraction * barWidth);
  const bar = barWidth > 0 ? ` [${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]` : '';
  return `${head}${bar} ${percent}  ${tail}`.slice(0, Math.max(0, width - 1));
}

function progressBar(io: Io, _epochs: number, rows: number): Progress {
  let lastDraw = 0;
  let line = '';
  let last: EpochInfo | undefined;
  let drawn: EpochInfo | undefined;
  const draw = () => io.write(`\r${line}\x1b[K`);
  return {
    epoch(info) {
      last = info;
      const now = performance.now();
      // Redraw at most ~12 times a second, and always for the last epoch.
      if (now - lastDraw < 80 && info.epoch < info.epochs) return;
      lastDraw = now;
      drawn = info;
      line = statusLine(info, rows, io.columns);
      draw();
    },
    done() {
      if (last === undefined) return;
      if (drawn !== last) {
        line = statusLine(last, rows, io.columns); // the epoch training stopped at
        draw();
      }
      io.write('\n');
    },
    note(text) {
      io.write(`\r\x1b[K${text}\n`);
      if (line !== '') draw();
    },
  };
}

function progressLines(io: Io, epochs: number): Progress {
  const every = Math.max(1, Math.round(epochs / 10));
  let printed = 0;
  let last: EpochInfo | undefined;
  const print = (info: EpochInfo) => {
    const val = info.valLoss === undefined ? '' : `  val loss ${info.valLoss.toFixed(4)}`;
    io.out(`  epoch ${String(info.epoch).padStart(String(epochs).length)}/${epochs}  loss ${info.loss.toFixed(4)}${val}  (${info.seconds.toFixed(2)} s)`);
    printed = info.epoch;
  };
  return {
    epoch(info) {
      last = info;
      if (info.epoch === 1 || info.epoch % every === 0 || info.epoch === info.epochs) print(info);
    },
    done() {
      if (last !== undefined && printed !== last.epoch) print(last); // the epoch training stopped at
    },
    note(text) {
      io.out(text);
    },
  };
}
