/**
 * The `bpnn` command. Exit codes: 0 success, 2 a usage error (bad flag or value), 1 bad data or a
 * bad model. Every error is one line on stderr, never a stack trace (BPNN_DEBUG=1 shows it).
 */
import { BpnnError } from '@bpnn/core';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { demo } from './commands/demo.js';

declare const BPNN_VERSION: string;

/** A usage error found after commander's own parsing (exit code 2). */
class UsageError extends Error {}

function wholeNumber(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
    return n;
  };
}

export function program(out: (line: string) => void): Command {
  const cli = new Command('bpnn')
    .description('Train, evaluate and use back-propagation neural networks.')
    .version(typeof BPNN_VERSION === 'string' ? BPNN_VERSION : '0.0.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  cli
    .command('demo')
    .description('Train a network on the bundled iris data set and report its test accuracy and confusion matrix.')
    .addOption(new Option('--seed <n>', 'seed of the split, the weights and the shuffles').default(42).argParser(wholeNumber('--seed', 0)))
    .addOption(new Option('--epochs <n>', 'passes over the training set').default(200).argParser(wholeNumber('--epochs', 1)))
    .option('--json', 'print one JSON object instead of text', false)
    .addHelpText('after', '\nExample:\n  $ bpnn demo --seed 7')
    .action(async (options: { seed: number; epochs: number; json: boolean }) => demo(options, out));

  return cli;
}

export async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await program(out).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; commander has printed its message.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (process.env.BPNN_DEBUG) console.error(error);
    if (error instanceof UsageError) {
      process.stderr.write(`bpnn: ${error.message}\n`);
      return 2;
    }
    if (error instanceof BpnnError) {
      process.stderr.write(`bpnn: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`bpnn: internal error: ${error instanceof Error ? error.message : String(error)} (set BPNN_DEBUG=1 for details)\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
