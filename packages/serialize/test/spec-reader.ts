/**
 * A minimal safetensors reader written from the public spec alone
 * (https://github.com/huggingface/safetensors#format), sharing no code with src/, to check that
 * what bpnn writes is what the spec says:
 *   - 8 bytes: N, an unsigned little-endian 64-bit integer, the size of the header
 *   - N bytes: a UTF-8 JSON object {name: {dtype, shape, data_offsets: [BEGIN, END]}, "__metadata__": {str: str}}
 *   - the rest: the byte buffer; offsets are relative to its start, END is one past the last byte
 * Values are decoded with DataView one by one, little-endian, row-major.
 */

/** Bytes per element of each dtype the spec lists. */
export const SPEC_DTYPE_SIZES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8,
};

export interface SpecTensor {
  dtype: string;
  shape: number[];
  offsets: [number, number];
  values: number[];
}

export interface SpecFile {
  headerSize: number;
  headerText: string;
  metadata: Record<string, string> | undefined;
  tensors: Record<string, SpecTensor>;
  bufferStart: number;
}

export function readBySpec(file: Uint8Array): SpecFile {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerSize = Number(view.getBigUint64(0, true));
  const headerText = Buffer.from(file.subarray(8, 8 + headerSize)).toString('utf8');
  const header = JSON.parse(headerText) as Record<string, unknown>;
  const bufferStart = 8 + headerSize;
  const tensors: Record<string, SpecTensor> = {};
  let metadata: Record<string, string> | undefined;
  for (const key of Object.keys(header)) {
    if (key === '__metadata__') {
      metadata = header[key] as Record<string, string>;
      for (const v of Object.values(metadata)) if (typeof v !== 'string') throw new Error('spec: __metadata__ values must be strings');
      continue;
    }
    const info = header[key] as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const size = SPEC_DTYPE_SIZES[info.dtype];
    if (size === undefined) throw new Error(`spec: unknown dtype ${info.dtype}`);
    const [begin, end] = info.data_offsets;
    const count = info.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * size) throw new Error(`spec: ${key} spans ${end - begin} bytes, shape needs ${count * size}`);
    if (bufferStart + end > file.length) throw new Error(`spec: ${key} ends past the file`);
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = bufferStart + begin + i * size;
      values.push(info.dtype === 'F32' ? view.getFloat32(at, true) : info.dtype === 'F64' ? view.getFloat64(at, true) : NaN);
    }
    tensors[key] = { dtype: info.dtype, shape: info.shape, offsets: [begin, end], values };
  }
  return { headerSize, headerText, metadata, tensors, bufferStart };
}
