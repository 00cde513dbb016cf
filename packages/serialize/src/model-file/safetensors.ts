/**
 * The safetensors container (https://github.com/huggingface/safetensors#format), for the tensors a
 * model file holds: F32 and F64 (weights, optimiser state) and U32 (a checkpoint's row order):
 *
 *   8 bytes      N, a little-endian u64: the length of the header
 *   N bytes      the header, UTF-8 JSON: { "__metadata__": {string: string},
 *                  "<name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, … }
 *                  padded with spaces so that the byte buffer starts at a multiple of 8
 *   the rest     the byte buffer: each tensor's values, little-endian, row-major, at
 *                  [begin, end) relative to the start of the buffer; the tensors cover the
 *                  buffer exactly, with no gaps and no overlaps
 *
 * Decoding trusts nothing: every length, offset and shape is checked against the file's own size
 * before it is used, so a hostile header can make it throw a FileFormatError but never allocate
 * more than the file holds.
 */
import { JsonFields, show, type FloatDtype, type NamedTensor } from '@bpnn/core';
import { fileInputProblem, inputAdvice } from '../sources/file-input.js';

export type { FloatDtype };

/** A tensor of a safetensors file: name, dtype, shape and values (core's NamedTensor). */
export type Tensor = NamedTensor;

/** A decoded safetensors file: its string metadata, its tensors and the raw bytes they came from. */
export interface Safetensors {
  metadata?: Record<string, string>;
  /** In the order the header lists them. */
  tensors: Tensor[];
  /** The byte buffer (what a bpnn file's sha256 covers). */
  buffer: Uint8Array;
}

/** The reference implementation refuses headers above 100 MB; so does this one. */
export const MAX_HEADER_LENGTH = 100_000_000;

/** Bytes per element of every dtype the spec names, so that an unsupported one is told apart from nonsense. */
const DTYPE_SIZES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8,
};

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The byte buffer of the tensors: each one's values, little-endian, one after another. */
export function tensorBytes(tensors: readonly Tensor[]): Uint8Array {
  const out = new Uint8Array(tensors.reduce((sum, t) => sum + t.data.length * DTYPE_SIZES[t.dtype], 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const tensor of tensors) {
    writeValues(view, at, tensor);
    at += tensor.data.length * DTYPE_SIZES[tensor.dtype];
  }
  return out;
}

/**
 * A safetensors file holding the tensors in the given order, with the metadata first in the
 * header; `buffer` is their tensorBytes, when the caller has already made them.
 */
export function encodeSafetensors(tensors: readonly Tensor[], metadata: Record<string, string>, buffer = tensorBytes(tensors)): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const tensor of tensors) {
    const end = offset + tensor.data.length * DTYPE_SIZES[tensor.dtype];
    header[tensor.name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, end] };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padding = (8 - (json.length % 8)) % 8;
  const out = new Uint8Array(8 + json.length + padding + buffer.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length + padding), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + json.length + padding); // spaces, as the spec allows
  out.set(buffer, 8 + json.length + padding);
  return out;
}

/** What {@link decodeSafetensors} checks besides the container. */
export interface DecodeOptions {
  /** Checks the metadata before any tensor entry is read (a bpnn file's format_version, so that a newer one is refused as such). */
  checkMetadata?: (metadata: Record<string, string> | undefined) => void;
}

/** Reads and checks a safetensors file of F32, F64 and U32 tensors; `source` names it in errors. */
export function decodeSafetensors(bytes: Uint8Array, source: string, options: DecodeOptions = {}): Safetensors {
  const fields = new JsonFields(source);
  const problem = fileInputProblem(bytes, 'bytes');
  if (problem !== undefined) throw fields.fail('file', problem, inputAdvice('bytes'));
  if (bytes.length < 8) {
    throw fields.fail('file', `must be at least 8 bytes (the header length), got ${bytes.length} bytes: it is truncated or empty`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_LENGTH)) {
    throw fields.fail('header length', `must be at most ${MAX_HEADER_LENGTH} bytes, got ${n}: this is not a safetensors file`);
  }
  const headerLength = Number(n);
  if (8 + headerLength > bytes.length) {
    throw fields.fail('header length', `is ${headerLength} bytes, but only ${bytes.length - 8} follow it: the file is truncated`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw fields.fail('header', 'must be UTF-8 text, but is not');
  }
  if (!text.startsWith('{')) throw fields.fail('header', `must start with "{", got ${show(text.slice(0, 20))}`);
  const header = fields.object(fields.parse(text, 'header'), 'header');
  const buffer = bytes.subarray(8 + headerLength);

  let metadata: Record<string, string> | undefined;
  if (Object.hasOwn(header, '__metadata__')) {
    const object = fields.object(header.__metadata__, '__metadata__');
    // fromEntries, not assignment, so that a key like "__proto__" stays an ordinary key.
    metadata = Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fields.string(value, `__metadata__.${key}`)]));
  }
  options.checkMetadata?.(metadata);
  const entries: Entry[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name !== '__metadata__') entries.push(tensorEntry(fields, name, entry, buffer.length));
  }
  checkCoverage(fields, entries, buffer.length);
  return {
    metadata,
    tensors: entries.map(readTensor(buffer)),
    buffer,
  };
}

/** The dtypes a model file holds. */
type Dtype = NamedTensor['dtype'];

/** One header entry, checked: a dtype of a model file, a shape, and offsets that fit it and the buffer. */
interface Entry {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}

function tensorEntry(fields: JsonFields, name: string, entry: unknown, bufferLength: number): Entry {
  const field = `tensor ${JSON.stringify(name)}`;
  const object = fields.object(entry, field);
  const dtypeName = fields.string(fields.member(object, 'dtype', field), `${field}.dtype`);
  if (!Object.hasOwn(DTYPE_SIZES, dtypeName)) {
    throw fields.fail(`${field}.dtype`, `must be a safetensors dtype (F32, F64, F16, …), got ${show(dtypeName)}`);
  }
  if (dtypeName !== 'F32' && dtypeName !== 'F64' && dtypeName !== 'U32') {
    throw fields.fail(`${field}.dtype`, `must be F32 or F64 (bpnn keeps float32 or float64 weights), or U32 (a checkpoint's row order), got ${show(dtypeName)}`);
  }
  const dtype: Dtype = dtypeName;
  const shape = fields.array(fields.member(object, 'shape', field), `${field}.shape`).map((d, i) => fields.integer(d, `${field}.shape[${i}]`));
  const offsets = fields.array(fields.member(object, 'data_offsets', field), `${field}.data_offsets`, 2);
  const begin = fields.integer(offsets[0], `${field}.data_offsets[0]`);
  const end = fields.integer(offsets[1], `${field}.data_offsets[1]`);
  if (begin > end || end > bufferLength) {
    throw fields.fail(`${field}.data_offsets`, `must satisfy 0 ≤ begin ≤ end ≤ ${bufferLength} (the byte buffer's length), got [${begin}, ${end}]`);
  }
  // The element count, bounded by the buffer at every step so that no product overflows.
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (count * DTYPE_SIZES[dtype] > bufferLength) {
      throw fields.fail(`${field}.shape`, `${show(shape)} needs more bytes than the whole byte buffer (${bufferLength})`);
    }
  }
  if (end - begin !== count * DTYPE_SIZES[dtype]) {
    throw fields.fail(`${field}.data_offsets`, `must span ${count * DTYPE_SIZES[dtype]} bytes (${count} ${dtype} values for shape ${show(shape)}), got [${begin}, ${end}], ${end - begin} bytes`);
  }
  return { name, dtype, shape, begin, end };
}

/** The tensors, sorted by offset, must tile [0, bufferLength): no gap, no overlap, nothing left over. */
function checkCoverage(fields: JsonFields, entries: Entry[], bufferLength: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let previous: string | undefined;
  for (const t of sorted) {
    if (t.begin !== at) {
      const what = t.begin < at ? `overlaps tensor ${JSON.stringify(previous)}, which ends at ${at}` : `leaves a gap: the previous tensor ends at ${at}`;
      throw fields.fail(`tensor ${JSON.stringify(t.name)}.data_offsets`, `[${t.begin}, ${t.end}] ${what}`);
    }
    at = t.end;
    previous = t.name;
  }
  if (at !== bufferLength) {
    throw fields.fail('byte buffer', `must be exactly covered by the tensors (${at} bytes), got ${bufferLength} bytes`);
  }
}

/** The typed array of each dtype. */
const ARRAYS = { F32: Float32Array, F64: Float64Array, U32: Uint32Array } as const;

/** An entry's values from the buffer, as a tensor. */
function readTensor(buffer: Uint8Array) {
  return ({ name, dtype, shape, begin, end }: Entry): Tensor => {
    const data = readValues(buffer, begin, end, dtype);
    return dtype === 'U32' ? { name, dtype, shape, data: data as Uint32Array } : { name, dtype, shape, data: data as Float32Array | Float64Array };
  };
}

function readValues(buffer: Uint8Array, begin: number, end: number, dtype: Dtype): Float32Array | Float64Array | Uint32Array {
  const size = DTYPE_SIZES[dtype];
  if (LITTLE_ENDIAN) {
    // A fresh, aligned copy (not buffer.slice: on a Node Buffer that is a view of a shared pool).
    const copy = new Uint8Array(end - begin);
    copy.set(buffer.subarray(begin, end));
    return new ARRAYS[dtype](copy.buffer);
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset + begin, end - begin);
  const out = new ARRAYS[dtype]((end - begin) / size);
  for (let i = 0; i < out.length; i++) out[i] = dtype === 'F32' ? view.getFloat32(i * 4, true) : dtype === 'F64' ? view.getFloat64(i * 8, true) : view.getUint32(i * 4, true);
  return out;
}

function writeValues(view: DataView, at: number, tensor: Tensor): void {
  const { data, dtype } = tensor;
  if (LITTLE_ENDIAN && data instanceof ARRAYS[dtype]) {
    new Uint8Array(view.buffer, at, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return;
  }
  for (let i = 0; i < data.length; i++) {
    if (dtype === 'F32') view.setFloat32(at + i * 4, data[i], true);
    else if (dtype === 'F64') view.setFloat64(at + i * 8, data[i], true);
    else view.setUint32(at + i * 4, data[i], true);
  }
}
