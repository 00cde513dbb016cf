/**
 * `bpnn train --stream`: the training data as a cache file (data-cache.ts) that the training thread
 * reads a block at a time (cache-rows.ts), with the task and the classes decided from what the
 * cache's footer knows (the distinct target cells and the number of rows), as the in-memory
 * reader decides them from the rows.
 */
import { classesOf, inferTaskOfCells, type Task } from '@bpnn/core';
import type { CacheTargets } from './cache-rows.js';
import { openCache, type CacheFooter } from './data-cache.js';
import { checkDecimalFlags, type TrainingDataFlags } from './data-files.js';
import { UsageError } from '../exit-codes.js';

/** What the training thread needs to read the rows (plain data, for workerData). */
export interface StreamedData {
  path: string;
  footer: CacheFooter;
  targets: CacheTargets;
  /** Classification: the classes, sorted. */
  labels?: string[];
  /** The CSV's name as the user knows it, for errors. */
  source: string;
}

export async function streamTrainingData(file: string, source: string, flags: TrainingDataFlags): Promise<{ data: StreamedData; task: Task; how: string; made: boolean }> {
  if (flags.format === 'fann') throw new UsageError('--stream reads CSV files; a FANN .data file is read in memory (leave out --stream)');
  if (file === '-') throw new UsageError('--stream needs a file (it writes its cache beside it), not standard input');
  if (flags.target === undefined) throw new UsageError(`required option '-t, --target <columns>' not specified`);
  checkDecimalFlags(flags);
  const cache = await openCache(file, { target: flags.target, features: flags.features, categorical: flags.categorical, missing: flags.missing === 'mean', delimiter: flags.delimiter, encoding: flags.encoding, decimal: flags.decimal, thousands: flags.thousands, dtype: flags.dtype ?? 'float64' });
  const { footer } = cache;
  const cells = footer.labels[0];
  const columns = footer.targetNames.join(', ');
  const inferred: Task = footer.targetNames.length > 1 || cells === null ? 'regression' : inferTaskOfCells(cells, footer.rows);
  const task = flags.task ?? inferred;
  const how = `${columns} (${task}${flags.task === undefined ? ', inferred from its values; --task says otherwise' : ''})`;
  if (task === 'regression') return { data: { path: cache.path, footer, targets: { task }, source }, task, how, made: cache.made };
  if (footer.targetNames.length > 1) throw new UsageError(`--stream classifies one target column, got ${footer.targetNames.length} (${columns}); one-hot target columns are read without --stream`);
  if (cells === null) throw new UsageError(`${source}: target ${JSON.stringify(columns)} has more than 65,536 distinct values: too many classes to classify; use --task regression`);
  const labels = classesOf(cells);
  const place = new Map(labels.map((label, i) => [label, i]));
  const classOfCode = cells.map((cell) => place.get(cell)!);
  return { data: { path: cache.path, footer, targets: { task, classOfCode }, labels, source }, task, how, made: cache.made };
}
