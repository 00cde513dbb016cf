/**
 * A job's data set, from its CSV text or JSON rows, with every bad cell named. The training worker
 * reads it; the POST handler reads it too when it is small, so that bad data is a 400 at once
 * rather than a job that fails after its 202 (a large CSV is left to the worker: parsing it on the
 * event loop would hold up predictions).
 */
import { DataError, Matrix, type Dataset, show } from '@bpnn/core';
import { readCsvDataset } from '@bpnn/serialize';
import type { JobRequest } from './job-request.js';

/** CSV texts up to this many characters are checked before the job is queued (a few milliseconds). */
export const CHECKED_CSV_LENGTH = 256 * 1024;

export async function readJobData(request: JobRequest): Promise<Dataset> {
  if (request.csv === undefined) return datasetFromRows(request);
  return readCsvDataset(request.csv, { target: request.target, features: request.features, delimiter: request.delimiter, source: 'csv' });
}

/** Throws the DataError a worker would fail with, for JSON rows and for CSV texts up to CHECKED_CSV_LENGTH. */
export async function checkJobData(request: JobRequest): Promise<void> {
  if (request.csv === undefined || request.csv.length <= CHECKED_CSV_LENGTH) await readJobData(request);
}

/** A Dataset from JSON rows: numeric inputs by name, targets as given; a bad cell is named. */
function datasetFromRows(request: JobRequest): Dataset {
  const rows = request.rows!;
  const targetNames = typeof request.target === 'string' ? [request.target] : request.target;
  for (const name of targetNames) {
    if (!Object.hasOwn(rows[0], name)) throw new DataError(`rows[0] has no target column ${show(name)}`);
  }
  const inputNames = request.features ?? Object.keys(rows[0]).filter((key) => !targetNames.includes(key));
  if (inputNames.length === 0) throw new DataError(`rows have no feature columns besides the target ${targetNames.join(', ')}`);
  const inputs = new Matrix(rows.length, inputNames.length, new Float64Array(rows.length * inputNames.length)); // (rows, inputs)
  const targets = rows.map((row, r) => {
    inputNames.forEach((name, c) => {
      const value = row[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new DataError(`rows[${r}].${name} must be a finite number, got ${show(value)}`);
      inputs.data[r * inputNames.length + c] = value;
    });
    return targetNames.map((name) => {
      const value = row[name];
      if (value === undefined || value === '') throw new DataError(`rows[${r}].${name} is missing (a target)`);
      return value;
    });
  });
  return { inputNames, inputs, targetNames, targets };
}
