/**
 * The `bpnn` command. Exit codes (exit-codes.ts): 0 success, 2 a usage error (bad flag or value),
 * 1 bad data, a bad model or a file that cannot be read, 130 training stopped by Ctrl-C. Every
 * error is one line on stderr, never a stack trace (BPNN_DEBUG=1 shows it).
 */
import { BpnnError, ConfigError, MissingValueError } from '@bpnn/core';
import { Command, CommanderError, Option } from 'commander';
import { cvCommand } from './commands/cv.js';
import { demo } from './commands/demo.js';
import { evaluateCommand } from './commands/evaluate.js';
import { explainCommand } from './commands/explain.js';
import { exportCommand } from './commands/export.js';
import { gradcheckCommand } from './commands/gradcheck.js';
import { importCommand } from './commands/import.js';
import { inspectCommand } from './commands/inspect.js';
import { predictCommand } from './commands/predict.js';
import { trainCommand } from './commands/train.js';
import { tuneCommand } from './commands/tune.js';
import { EXIT, exitCodeOf, UsageError } from './exit-codes.js';
import { flagWording } from './flag-wording.js';
import { wholeNumber } from './flags.js';
import { processIo, type Io } from './io.js';

declare const BPNN_VERSION: string;

/**
 * Commander's error text as one line: `bpnn: --hidden must be …, got "32,x" (see --help)`. For a
 * flag value our parsers refused, their message says it all; commander's preamble is dropped.
 */
export function usageLine(text: string): string {
  const message = text.trim().replace(/^error: /, '');
  const invalid = /^option '[^']*' argument '[^']*' is invalid\. ([\s\S]*)$/.exec(message);
  return `bpnn: ${(invalid?.[1] ?? message).replace(/\s*\n\s*/g, ' ')} (see --help)\n`;
}

export function program(io: Io): Command {
  const cli = new Command('bpnn')
    .description('Train, evaluate and use back-propagation neural networks.')
    .version(typeof BPNN_VERSION === 'string' ? BPNN_VERSION : '0.0.0', '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.write(text), writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(usageLine(text)) })
    .addHelpText(
      'after',
      `
A session:
  $ bpnn train data/iris.csv --target species --out iris.bpnn
  $ bpnn evaluate iris.bpnn data/iris.csv
  $ bpnn predict iris.bpnn new-flowers.csv --proba

Exit codes: 0 success, 1 bad data or model, 2 usage error, 130 training stopped by Ctrl-C.`,
    );

  cli
    .command('demo')
    .description('Train a network on the bundled iris data set, report its test accuracy and confusion matrix, and save it.')
    .addOption(new Option('--seed <n>', 'seed of the split, the weights and the shuffles').default(42).argParser(wholeNumber('--seed', 0)))
    .addOption(new Option('--epochs <n>', 'passes over the training set').default(200).argParser(wholeNumber('--epochs', 1)))
    .option('-o, --out <file>', 'where to save the model (default: bpnn-demo-iris.bpnn in the temporary folder)')
    .option('--json', 'print one JSON object instead of text', false)
    .addHelpText('after', '\nExample:\n  $ bpnn demo --seed 7 --out iris.bpnn')
    .action(async (options: { seed: number; epochs: number; json: boolean; out?: string }) => demo(options, io.out));

  for (const make of [trainCommand, cvCommand, tuneCommand, predictCommand, evaluateCommand, inspectCommand, explainCommand, gradcheckCommand, exportCommand, importCommand]) {
    const command = make(io);
    command.copyInheritedSettings(cli);
    cli.addCommand(command);
  }
  return cli;
}

/** The commands that train a model from data, where --missing mean is the way to take missing values. */
const TRAINING_COMMANDS = new Set(['train', 'cv', 'tune']);

/**
 * A missing value's error in the command's words: a command that trains says --missing mean; one
 * that reads a model's inputs (or continues a model, --from) says the model must be trained with it.
 */
function missingValueLine(error: MissingValueError, command: Command | undefined): string {
  const training = command !== undefined && TRAINING_COMMANDS.has(command.name()) && command.opts().from === undefined;
  return training ? error.withRemedy('--missing mean', false) : error.withRemedy('bpnn train --missing mean', true);
}

export async function main(argv: string[]): Promise<number> {
  const io = processIo();
  let running: Command | undefined; // the command whose action runs
  try {
    await program(io)
      .hook('preAction', (_cli, command) => {
        running = command;
        // An empty path ('' from a shell variable that was never set) names no file: say so before any work.
        const empty = command.registeredArguments.find((argument, i) => command.processedArgs[i] === '');
        if (empty !== undefined) throw new UsageError(`<${empty.name()}> is empty: give a file name (or - for stdin where the command reads it)`);
      })
      .parseAsync(argv, { from: 'user' });
    return io.status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; commander has printed its message.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (process.env.BPNN_DEBUG) console.error(error);
    if (error instanceof MissingValueError) {
      io.warn(missingValueLine(error, running));
      return exitCodeOf(error);
    }
    if (error instanceof ConfigError) {
      io.warn(flagWording(error, running));
      return exitCodeOf(error);
    }
    if (error instanceof UsageError || error instanceof BpnnError) {
      io.warn(error.message);
      return exitCodeOf(error);
    }
    io.warn(`internal error: ${error instanceof Error ? error.message : String(error)} (set BPNN_DEBUG=1 for details)`);
    return EXIT.bad;
  }
}

process.exitCode = await main(process.argv.slice(2));
