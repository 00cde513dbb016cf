/**
 * FANN's training-data format (.data), as fann_save_train writes it and fann_read_train_from_file
 * reads it: a first line "num_samples num_inputs num_outputs", then for each sample a line of
 * num_inputs numbers and a line of num_outputs numbers, separated by spaces. Blank lines are
 * skipped. Reading is line by line and strict, so an error names the line, the sample and the
 * value; nothing is allocated from the counts the first line claims.
 */
import { DataError, FormatError, Matrix, show, type Dataset, type MatrixLike } from '@bpnn/core';
import { checkOptions, optionNames } from '@bpnn/core';
import { textLines, type TextSource } from '../sources/text-lines.js';

/** The options of {@link readFannData}. */
export interface FannDataOptions {
  /** What to call the input in errors, usually the file name; default "FANN data". */
  source?: string;
}

/** A plain decimal or exponent number, as FANN's fscanf("%f") reads it (no hex, no Infinity). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a .data file into a Dataset with numeric targets; FANN names no columns, so the inputs are
 * called x1 … xn and the outputs y1 … ym.
 */
export async function readFannData(input: TextSource, options: FannDataOptions = {}): Promise<Dataset> {
  checkOptions(options, optionNames<FannDataOptions>({ source: true }), 'readFannData');
  const source = options.source ?? 'FANN data';
  let counts: { samples: number; inputs: number; outputs: number; line: number } | undefined;
  let lastLine = 0;
  const values: number[] = [];
  const targets: number[][] = [];
  let wantInputs = true; // the next data line is a sample's inputs (else its outputs)
  for await (const { text, line } of textLines(input)) {
    lastLine = line;
    const fields = text.trim().split(/\s+/).filter((f) => f !== '');
    if (fields.length === 0) continue;
    if (counts === undefined) {
      counts = firstLine(fields, source, line);
      continue;
    }
    const sample = targets.length + 1;
    if (sample > counts.samples) {
      throw new FormatError(`${source} line ${line}: more data than the ${counts.samples} samples line ${counts.line} announces`);
    }
    const role = wantInputs ? 'input' : 'output';
    const expected = wantInputs ? counts.inputs : counts.outputs;
    if (fields.length !== expected) {
      // fann_read_train_from_file reads numbers whatever the lines; fann_save_train writes inputs and outputs on lines of their own
      const both = wantInputs && fields.length === counts.inputs + counts.outputs ? `: it holds the sample's inputs and outputs; put its ${counts.outputs} output${counts.outputs > 1 ? 's' : ''} on the next line, as fann_save_train writes them` : '';
      throw new FormatError(`${source} line ${line}: the ${role} line of sample ${sample} has ${fields.length} values, expected ${expected} (num_${role}s on line ${counts.line})${both}`);
    }
    const numbers = fields.map((field, i) => {
      if (!NUMBER.test(field) || !Number.isFinite(Number(field))) {
        throw new DataError(`${source} line ${line}: ${role} ${i + 1} of sample ${sample} is ${JSON.stringify(field)}, not a finite number`);
      }
      return Number(field);
    });
    if (wantInputs) values.push(...numbers);
    else targets.push(numbers);
    wantInputs = !wantInputs;
  }
  if (counts === undefined) throw new FormatError(`${source}: empty, expected a first line "num_samples num_inputs num_outputs"`);
  if (targets.length < counts.samples) {
    const where = wantInputs ? `after sample ${targets.length}` : `in sample ${targets.length + 1}, before its output line`;
    throw new FormatError(`${source} line ${lastLine}: the file ends ${where}, but line ${counts.line} announces ${counts.samples} samples`);
  }
  return {
    inputNames: names('x', counts.inputs),
    inputs: new Matrix(targets.length, counts.inputs, Float64Array.from(values)),
    targetNames: names('y', counts.outputs),
    targets,
  };
}

/** A data set as the text of a .data file; every target must be a number. */
export function writeFannData(data: { inputs: MatrixLike; targets: ReadonlyArray<ReadonlyArray<string | number> | string | number> }): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Array.isArray(data.targets)) {
    throw new DataError(`data must be a data set { inputs, targets } (targets a list with one row or one number per sample), got ${show(data)}`);
  }
  const x = Matrix.from(data.inputs, 'inputs');
  if (data.targets.length !== x.rows) throw new DataError(`${x.rows} input rows but ${data.targets.length} target rows`);
  // A flat list of targets (one number per sample, as core's data sets take) is one column.
  const rows = data.targets.map((row) => (Array.isArray(row) ? (row as ReadonlyArray<unknown>) : [row]));
  const outputs = rows.length > 0 ? rows[0].length : 0;
  const out = [`${x.rows} ${x.cols} ${outputs}`];
  rows.forEach((row, r) => {
    if (row.length !== outputs) throw new DataError(`target row ${r} has ${row.length} values, expected ${outputs} like row 0`);
    const numbers = row.map((cell, c) => {
      const value = typeof cell === 'number' ? cell : typeof cell === 'string' && NUMBER.test(cell.trim()) ? Number(cell) : NaN;
      if (!Number.isFinite(value)) {
        throw new DataError(`target row ${r} column ${c} is ${JSON.stringify(cell)}: FANN data holds numbers only (one-hot encode class labels first)`);
      }
      return value;
    });
    out.push(Array.from(x.row(r)).map(numberText).join(' '), numbers.map(numberText).join(' '));
  });
  return `${out.join('\n')}\n`;
}

function firstLine(fields: string[], source: string, line: number) {
  const [samples, inputs, outputs] = fields.map((f) => (/^\d{1,9}$/.test(f) ? Number(f) : NaN));
  const ok = fields.length === 3 && samples >= 0 && inputs >= 1 && outputs >= 1;
  if (!ok) {
    throw new FormatError(`${source} line ${line}: must be "num_samples num_inputs num_outputs" (whole numbers, inputs and outputs ≥ 1), got ${JSON.stringify(fields.join(' '))}`);
  }
  return { samples, inputs, outputs, line };
}

/** The shortest text that reads back as the same double, −0 included. */
function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function names(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}
