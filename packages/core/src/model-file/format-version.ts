/**
 * format_version: which layout of the model file's content a file uses, and the migrations that
 * bring an older layout up to the current one on read. A file from a newer bpnn is refused with a
 * message that says to upgrade; it is never half-read.
 *
 * To change the layout: bump FORMAT_VERSION to v + 1 and add MIGRATIONS[v], a function from the
 * content as version v wrote it to the content as v + 1 writes it.
 *
 *   1  bpnn's first model file.
 *   2  a checkpoint's row order is the U32 tensor `checkpoint.order` instead of the array "order"
 *      in the `checkpoint` document (checkpoint-file.ts); a file without a checkpoint is as in 1.
 */
import { checkpointOrderTensor, ORDER_TENSOR } from './checkpoint-file.js';
import type { JsonFields } from './json-fields.js';
import type { NamedTensor } from './model-tensors.js';

/**
 * The layout version this package writes into a model file's `format_version`; newer files are
 * refused, older ones migrated on read.
 */
export const FORMAT_VERSION = 2;

/** A file's content before it is checked: both the .bpnn and the JSON form decode to this. */
export interface VersionedContent {
  /** The `model` document (architecture, columns, preprocessing, labels), as parsed JSON. */
  model: unknown;
  /** The `training` record, as parsed JSON. */
  training: unknown;
  tensors: NamedTensor[];
  /** The `checkpoint` document (checkpoint-file.ts), as parsed JSON, when the file has one. */
  checkpoint?: unknown;
}

/** Turns a file's content of one format_version into the next version's; `fields` names what is wrong. */
export type Migration = (content: VersionedContent, fields: JsonFields) => VersionedContent;

/** 1 → 2: the checkpoint's "order" array becomes the tensor `checkpoint.order`, after the others. */
function orderAsTensor(content: VersionedContent, fields: JsonFields): VersionedContent {
  if (content.tensors.some((t) => t.name === ORDER_TENSOR)) {
    throw fields.fail(`tensor ${JSON.stringify(ORDER_TENSOR)}`, 'is not part of a file of format_version 1, whose checkpoint keeps the order in its document');
  }
  if (content.checkpoint === undefined) return content;
  const { checkpoint, order } = checkpointOrderTensor(content.checkpoint, fields);
  return { ...content, checkpoint, tensors: order === undefined ? content.tensors : [...content.tensors, order] };
}

/** MIGRATIONS[v] turns content of format_version v into format_version v + 1. */
export const MIGRATIONS: readonly (Migration | undefined)[] = [undefined, orderAsTensor];

/** The current format_version and the migrations that lead to it (MIGRATIONS unless a test says otherwise). */
export interface MigrationTable {
  current: number;
  migrations: readonly (Migration | undefined)[];
}

/** How {@link upgrade} reads: who reads (named when a file is newer) and with which migrations. */
export interface UpgradeOptions {
  /** Who is reading, for the message about a newer file: "@bpnn/serialize 0.1.0"; default "@bpnn/core". */
  reader?: string;
  table?: MigrationTable;
}

/**
 * Refuses a file of a format_version newer than this reader's, saying to upgrade: a reader calls it
 * before it reads anything else of the file, whose layout it may not know (a new dtype, …).
 */
export function checkNotNewer(version: number, fields: JsonFields, options: UpgradeOptions = {}): void {
  const current = options.table?.current ?? FORMAT_VERSION;
  if (version > current) {
    throw fields.fail('format_version', `${version} was written by a newer bpnn; this one (${options.reader ?? '@bpnn/core'}) reads up to ${current}`, 'Upgrade bpnn to read this file.');
  }
}

/** The content of a file of format_version `version`, migrated to the current version. */
export function upgrade(content: VersionedContent, version: number, fields: JsonFields, options: UpgradeOptions = {}): VersionedContent {
  const table = options.table ?? { current: FORMAT_VERSION, migrations: MIGRATIONS };
  checkNotNewer(version, fields, options);
  let migrated = content;
  for (let v = version; v < table.current; v++) {
    const migration = table.migrations[v];
    if (migration === undefined) {
      throw fields.fail('format_version', `${version} cannot be read: no migration from format_version ${v} to ${v + 1} exists`, 'The file was not written by a released bpnn; save or train the model again.');
    }
    migrated = migration(migrated, fields);
  }
  return migrated;
}

/** format_version as a file states it: a whole number ≥ 0, written as a number or (in metadata) a string. */
export function formatVersion(value: unknown, fields: JsonFields, field = 'format_version'): number {
  const number = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return fields.integer(number, field, 0);
}
