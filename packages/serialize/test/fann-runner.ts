/**
 * Runs real FANN (libfann 2.2, float build) on a .net text: a tiny C program, compiled once per
 * test run, loads the network with fann_create_from_file and prints fann_run's outputs, with
 * fann_scale_input / fann_descale_output around it when asked; another (`fannBitFail`) prints
 * fann_get_bit_fail after fann_test_data on a .data text. Absent gcc or libfann, each returns the
 * reason instead, so tests can skip saying why.
 * Debian/Ubuntu: apt-get install -y gcc libfann-dev
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROGRAM = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <floatfann.h>
/* usage: run-fann NET SCALED ROWS < inputs; prints each row's outputs, one line per row */
int main(int argc, char **argv) {
  struct fann *ann = fann_create_from_file(argv[1]);
  if (ann == NULL) return 2;
  int scaled = atoi(argv[2]), rows = atoi(argv[3]);
  unsigned int n = fann_get_num_input(ann), m = fann_get_num_output(ann);
  fann_type *x = malloc(sizeof(fann_type) * n);
  for (int r = 0; r < rows; r++) {
    for (unsigned int i = 0; i < n; i++) { double v; if (scanf("%lf", &v) != 1) return 3; x[i] = (fann_type)v; }
    if (scaled) fann_scale_input(ann, x);
    fann_type *y = fann_run(ann, x);
    if (scaled) fann_descale_output(ann, y);
    for (unsigned int j = 0; j < m; j++) printf("%.9g%s", (double)y[j], j + 1 < m ? " " : "\n");
  }
  fann_destroy(ann);
  return 0;
}
`;

export type FannRunner = (net: string, inputs: number[][], options?: { scaled?: boolean }) => number[][];

let compiled: { run?: FannRunner; reason?: string } | undefined;
let files = 0;

/** A function that runs FANN, or the reason it cannot be built here. */
export function fannRunner(): { run?: FannRunner; reason?: string } {
  if (compiled !== undefined) return compiled;
  const dir = mkdtempSync(join(tmpdir(), 'bpnn-fann-'));
  const binary = join(dir, 'run-fann');
  try {
    writeFileSync(join(dir, 'run-fann.c'), PROGRAM);
    execFileSync('gcc', ['-O1', '-o', binary, join(dir, 'run-fann.c'), '-lfloatfann', '-lm'], { stdio: 'pipe' });
  } catch (error) {
    const detail = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).split('\n')[0];
    compiled = { reason: `cannot build a FANN program (needs gcc and libfann-dev: apt-get install -y gcc libfann-dev): ${detail}` };
    return compiled;
  }
  const run: FannRunner = (net, inputs, options = {}) => {
    const file = join(dir, `net-${files++}.net`);
    writeFileSync(file, net);
    const stdout = execFileSync(binary, [file, options.scaled ? '1' : '0', String(inputs.length)], {
      input: inputs.map((row) => row.map((v) => v.toPrecision(17)).join(' ')).join('\n'),
      encoding: 'utf8',
    });
    return stdout.trim().split('\n').map((line) => line.split(' ').map(Number));
  };
  compiled = { run };
  return compiled;
}

const BIT_FAIL_PROGRAM = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <floatfann.h>
/* usage: bit-fail NET DATA LIMIT; prints fann_get_bit_fail after fann_test_data, and the MSE */
int main(int argc, char **argv) {
  struct fann *ann = fann_create_from_file(argv[1]);
  struct fann_train_data *data = fann_read_train_from_file(argv[2]);
  if (ann == NULL || data == NULL) return 2;
  fann_set_bit_fail_limit(ann, (fann_type)atof(argv[3]));
  float mse = fann_test_data(ann, data);
  printf("%u %.9g\n", fann_get_bit_fail(ann), (double)mse);
  fann_destroy_train(data);
  fann_destroy(ann);
  return 0;
}
`;

export type FannBitFail = (net: string, data: string, limit: number) => { bitFail: number; mse: number };

let bitFailCompiled: { run?: FannBitFail; reason?: string } | undefined;

/** A function that runs FANN's fann_test_data and returns its bit fail, or the reason it cannot be built here. */
export function fannBitFail(): { run?: FannBitFail; reason?: string } {
  if (bitFailCompiled !== undefined) return bitFailCompiled;
  const dir = mkdtempSync(join(tmpdir(), 'bpnn-fann-'));
  const binary = join(dir, 'bit-fail');
  try {
    writeFileSync(join(dir, 'bit-fail.c'), BIT_FAIL_PROGRAM);
    execFileSync('gcc', ['-O1', '-o', binary, join(dir, 'bit-fail.c'), '-lfloatfann', '-lm'], { stdio: 'pipe' });
  } catch (error) {
    const detail = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).split('\n')[0];
    bitFailCompiled = { reason: `cannot build a FANN program (needs gcc and libfann-dev: apt-get install -y gcc libfann-dev): ${detail}` };
    return bitFailCompiled;
  }
  const run: FannBitFail = (net, data, limit) => {
    const netFile = join(dir, `net-${files++}.net`);
    const dataFile = join(dir, `data-${files++}.data`);
    writeFileSync(netFile, net);
    writeFileSync(dataFile, data);
    const [bitFail, mse] = execFileSync(binary, [netFile, dataFile, String(limit)], { encoding: 'utf8' }).trim().split(' ').map(Number);
    return { bitFail, mse };
  };
  bitFailCompiled = { run };
  return bitFailCompiled;
}
