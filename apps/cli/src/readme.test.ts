/**
 * The root README's command-line session is real output: this runs its commands again (the
 * trainings are seeded, so bit for bit the same) and compares what they print, timings aside.
 * The training's progress bar and chart need a terminal; its summary lines are compared.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, DATA, workdir } from '../test/run.js';

const README = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
const CLI_README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

/** The commands of the ```text block after `intro`, each with the lines it printed. */
function session(intro: string): { command: string; output: string[] }[] {
  const start = README.indexOf('```text\n', README.indexOf(intro)) + '```text\n'.length;
  const lines = README.slice(start, README.indexOf('\n```', start)).split('\n');
  const steps: { command: string; output: string[] }[] = [];
  for (const line of lines) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
    else steps.at(-1)!.output.push(line);
  }
  return steps;
}

/** Timings vary from run to run (`0.12 s` becomes `… s`), and so does the size of a model file,
 * whose training record holds the seconds training took. */
const untimed = (lines: string[]) => lines.map((l) => l.replace(/\d+\.\d+ s\b/g, '… s').replace(/(written by .*), \d+ bytes$/, '$1, … bytes'));

/** The README's outputs are the plain SIMD kernels' (Node 20's); on Node 22 and later, auto takes the
 * fused multiply-adds, whose last bits differ: the same kernels everywhere, as the README says. */
const KERNELS = { BPNN_WASM_KERNELS: 'simd' };

let dir: string;
function sh(command: string) {
  const run = spawnSync('bash', ['-c', `${command} 2>&1`], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...KERNELS, PATH: `${join(dir, 'bin')}:${process.env.PATH}` } });
  return { code: run.status, lines: run.stdout.replace(/\n$/, '').split('\n') };
}

beforeAll(() => {
  dir = workdir();
  symlinkSync(DATA, join(dir, 'data'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'bpnn'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(dir, 'bin', 'bpnn'), 0o755);
});

describe('README: the command line', () => {
  it('bpnn demo prints what "Two commands" shows', () => {
    const start = README.indexOf('```text\n', README.indexOf('## Two commands')) + '```text\n'.length;
    const shown = README.slice(start, README.indexOf('\n```', start)).split('\n');
    expect(shown[0]).toMatch(/^bpnn demo: iris/);
    // The model goes to the system's temporary folder: here a fresh one, shown as /tmp.
    const run = spawnSync(process.execPath, [BIN, 'demo'], { encoding: 'utf8', env: { ...process.env, ...KERNELS, TMPDIR: dir } });
    expect(run.status).toBe(0);
    const printed = run.stdout.replace(/\n$/, '').replaceAll(dir.replace(/\/$/, ''), '/tmp').split('\n');
    expect(untimed(printed)).toEqual(untimed(shown));
  });


  it('the iris session prints what the README shows', () => {
    const steps = session('A real session on the bundled iris data');
    expect(steps.length).toBeGreaterThan(8);
    const [train, ...rest] = steps;
    expect(train.command).toMatch(/^bpnn train data\/iris\.csv /);
    const trained = sh(train.command);
    expect(trained.code).toBe(0);
    const summary = (lines: string[]) => untimed(lines.slice(lines.findIndex((l) => l.startsWith('network '))));
    expect(summary(trained.lines)).toEqual(summary(train.output));
    expect(trained.lines.slice(0, 2)).toEqual(train.output.slice(0, 2));
    let last = 0;
    for (const step of rest) {
      if (step.command === 'echo $?') {
        expect(String(last), 'exit code').toBe(step.output[0]);
        continue;
      }
      const run = sh(step.command);
      last = run.code!;
      expect(untimed(run.lines), step.command).toEqual(untimed(step.output));
    }
  });

  it('the example of a column of categories prints what the README shows', () => {
    const steps = session("On Grunfeld's investment data");
    expect(steps.map((s) => s.command.split(' ')[0])).toEqual(['bpnn', 'printf', 'bpnn', 'printf', 'bpnn']);
    for (const step of steps) expect(untimed(sh(step.command).lines), step.command).toEqual(untimed(step.output.length === 0 ? [''] : step.output));
  });

  it('the cross-validation and search example prints what the README shows (a … stands for lines left out)', () => {
    const steps = session('On iris (real output)');
    expect(steps.map((s) => s.command.split(' ').slice(0, 2).join(' '))).toEqual(['bpnn cv', 'bpnn tune']);
    for (const step of steps) {
      const { code, lines } = sh(step.command);
      expect(code, step.command).toBe(0);
      const cut = step.output.indexOf('…');
      const shown = cut < 0 ? step.output : step.output.slice(cut + 1);
      expect(untimed(cut < 0 ? lines : lines.slice(-shown.length)), step.command).toEqual(untimed(shown));
    }
  });

  it('the regression example prints what the README shows', () => {
    const [step] = session('A regression, with its output going to a pipe');
    expect(untimed(sh(step.command).lines)).toEqual(untimed(step.output));
  });
});

/** The flags `bpnn COMMAND --help` lists (long and short, --help aside), in a sorted list. */
function helpFlags(command: string): string[] {
  const run = spawnSync(process.execPath, [BIN, command, '--help'], { encoding: 'utf8' });
  expect(run.status, `bpnn ${command} --help`).toBe(0);
  const flags = [...run.stdout.matchAll(/^ {2}(?:(-[a-zA-Z]), )?(--[a-z0-9-]+)/gm)].flatMap(([, short, long]) => (short === undefined ? [long] : [short, long]));
  return flags.filter((f) => f !== '-h' && f !== '--help').sort();
}

/** The rows of the CLI README's "Commands and their flags" table: the first cell, and the flags in backticks of the second. */
function flagTable(): Map<string, string[]> {
  const start = CLI_README.indexOf('## Commands and their flags');
  const section = CLI_README.slice(start, CLI_README.indexOf('\n## ', start + 1));
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| command') && !l.startsWith('| ---'));
  return new Map(rows.map((row) => {
    const [name, flags] = row.slice(2, -2).split(' | ');
    return [name.replace(/`/g, ''), [...flags.matchAll(/`(--?[a-zA-Z0-9][a-z0-9-]*)`/g)].map((m) => m[1])];
  }));
}

describe('apps/cli/README.md: the table of commands and flags', () => {
  it('lists every flag of every command, as --help does, and no other', () => {
    const table = flagTable();
    const training = table.get('training flags') ?? [];
    expect(training.length).toBeGreaterThan(30);
    const commands = ['demo', 'train', 'cv', 'tune', 'predict', 'evaluate', 'inspect', 'explain', 'gradcheck', 'export', 'import'];
    expect([...table.keys()].filter((k) => k !== 'training flags').sort()).toEqual([...commands].sort());
    for (const command of commands) {
      const row = CLI_README.split('\n').find((l) => l.startsWith(`| \`${command}\` |`)) ?? '';
      const documented = new Set([...table.get(command)!, ...(row.includes('the training flags') ? training : [])]);
      expect([...documented].sort(), `bpnn ${command}`).toEqual(helpFlags(command));
    }
  });

  it('its commands are those of bpnn --help', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    const listed = [...run.stdout.matchAll(/^ {2}([a-z]+) \[options\]/gm)].map((m) => m[1]).sort();
    expect([...flagTable().keys()].filter((k) => k !== 'training flags').sort()).toEqual(listed);
  });
});
