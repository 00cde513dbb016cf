/**
 * A small writer of WebAssembly binaries (https://webassembly.github.io/spec/core/binary/), for the
 * straight-line code online-epochs.ts writes for one network shape: function bodies as sequences
 * of instructions on f64, f32, i32 and linear memory, and a module that imports a memory and
 * functions and exports functions. Only what that code needs; every immediate is an integer or a
 * float that the caller computed, never text.
 */

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;

/** Opcodes used (the spec's names). */
export const op = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Const: 0x41,
  i64Const: 0x42,
  f32Const: 0x43,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32GeS: 0x4e,
  i32LeU: 0x4d,
  i32GeU: 0x4f,
  f64Eq: 0x61,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i64And: 0x83,
  i64Or: 0x84,
  i64Shl: 0x86,
  i64Add: 0x7c,
  i64ShrU: 0x88,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Trunc: 0x9d,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  i32WrapI64: 0xa7,
  i32TruncF64S: 0xaa,
  i64ExtendI32S: 0xac,
  i64ExtendI32U: 0xad,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  f64PromoteF32: 0xbb,
  i64ReinterpretF64: 0xbd,
  f64ReinterpretI64: 0xbf,
} as const;

/** Block type of a block, loop or if without a result. */
export const EMPTY = 0x40;

/** Appends `value` as an unsigned LEB128 integer. */
function unsigned(to: number[], value: number): void {
  do {
    const byte = value & 0x7f;
    value >>>= 7;
    to.push(value === 0 ? byte : byte | 0x80);
  } while (value !== 0);
}

/** Appends `value` as a signed LEB128 integer (an i32 immediate). */
function signed(to: number[], value: number): void {
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      to.push(byte);
      return;
    }
    to.push(byte | 0x80);
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/** The instructions of one function body, appended in order. */
export class Code {
  readonly bytes: number[] = [];

  /** Instructions written before, as they are (emitExpOfNonPositive's, once per module). */
  append(bytes: readonly number[]): this {
    this.bytes.push(...bytes);
    return this;
  }
  emit(a: number, b?: number, c?: number, d?: number): this {
    const bytes = this.bytes;
    bytes.push(a);
    if (b !== undefined) bytes.push(b);
    if (c !== undefined) bytes.push(c);
    if (d !== undefined) bytes.push(d);
    return this;
  }
  private withIndex(opcode: number, index: number): this {
    this.bytes.push(opcode);
    unsigned(this.bytes, index);
    return this;
  }
  get(local: number): this {
    return this.withIndex(op.localGet, local);
  }
  set(local: number): this {
    return this.withIndex(op.localSet, local);
  }
  tee(local: number): this {
    return this.withIndex(op.localTee, local);
  }
  call(index: number): this {
    return this.withIndex(op.call, index);
  }
  i32(value: number): this {
    this.bytes.push(op.i32Const);
    signed(this.bytes, value);
    return this;
  }
  /** An i64 constant of at most 32 bits (0 ≤ value < 2³²). */
  i64(value: number): this {
    this.bytes.push(op.i64Const);
    // signed LEB128 of a non-negative value below 2^32: 7 bits at a time, then a 0 sign bit
    for (;;) {
      const byte = value % 128;
      value = Math.floor(value / 128);
      if (value === 0 && (byte & 0x40) === 0) {
        this.bytes.push(byte);
        return this;
      }
      this.bytes.push(byte | 0x80);
    }
  }
  /** An f32 constant: `value` rounded to float32. */
  f32(value: number): this {
    this.bytes.push(op.f32Const);
    scratch.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.bytes.push(scratch.getUint8(i));
    return this;
  }
  f64(value: number): this {
    this.bytes.push(op.f64Const);
    scratch.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.bytes.push(scratch.getUint8(i));
    return this;
  }
  private memory(opcode: number, align: number, offset: number): this {
    this.bytes.push(opcode, align);
    unsigned(this.bytes, offset);
    return this;
  }
  /** f64.load at the address on the stack + offset. */
  loadF64(offset: number): this {
    return this.memory(op.f64Load, 3, offset);
  }
  /** f64.store of the value on the stack at the address below it + offset. */
  storeF64(offset: number): this {
    return this.memory(op.f64Store, 3, offset);
  }
  loadI32(offset: number): this {
    return this.memory(op.i32Load, 2, offset);
  }
  storeI32(offset: number): this {
    return this.memory(op.i32Store, 2, offset);
  }
}

export interface FunctionDef {
  params: number[];
  results: number[];
  /** Types of the locals after the parameters, one entry each. */
  locals: number[];
  code: Code;
  /** The name it is exported by, if any. */
  exportAs?: string;
}

export interface ImportDef {
  module: string;
  name: string;
  params: number[];
  results: number[];
}

/**
 * Bytes appended in order, with the binary format's vectors and names: small writes into the last
 * of `parts`, a function body's code as a part of its own, all copied once, by `set`, at the end
 * (copying byte by byte in JavaScript that has not been optimised yet took most of a fresh
 * process's first module).
 */
class Bytes {
  readonly parts: number[][] = [[]];
  length = 0;
  byte(...values: number[]): this {
    const last = this.parts[this.parts.length - 1];
    for (const v of values) last.push(v);
    this.length += values.length;
    return this;
  }
  unsigned(value: number): this {
    const last = this.parts[this.parts.length - 1];
    const before = last.length;
    unsigned(last, value);
    this.length += last.length - before;
    return this;
  }
  name(text: string): this {
    this.unsigned(text.length); // names here are ASCII
    for (let i = 0; i < text.length; i++) this.byte(text.charCodeAt(i));
    return this;
  }
  types(types: number[]): this {
    this.unsigned(types.length);
    return this.byte(...types);
  }
  /** `bytes` as they are, not copied until `join`; later writes go after them. */
  append(bytes: number[]): this {
    this.parts.push(bytes, []);
    this.length += bytes.length;
    return this;
  }
  /** `content` after its size (a section's, a function body's). */
  sized(content: Bytes): this {
    this.unsigned(content.length);
    for (const part of content.parts) this.append(part);
    return this;
  }
  /** A section: its id, its size, its content. */
  section(id: number, content: Bytes): this {
    return this.byte(id).sized(content);
  }
  join(): Uint8Array {
    const joined = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      joined.set(part, at);
      at += part.length;
    }
    return joined;
  }
}

/**
 * A module importing `env.memory` (a plain memory) and `imports` (functions 0 …), defining
 * `functions` (numbered after the imports), as bytes.
 */
export function moduleBytes(imports: ImportDef[], functions: FunctionDef[]): Uint8Array {
  const all = [...imports, ...functions];
  const types = new Bytes().unsigned(all.length); // one signature per function, in order
  for (const f of all) types.byte(0x60).types(f.params).types(f.results);
  const importSection = new Bytes().unsigned(1 + imports.length).name('env').name('memory').byte(0x02, 0x00, 1);
  imports.forEach((f, i) => importSection.name(f.module).name(f.name).byte(0x00).unsigned(i));
  const functionSection = new Bytes().unsigned(functions.length);
  functions.forEach((_, i) => functionSection.unsigned(imports.length + i));
  const exported = functions.filter((f) => f.exportAs !== undefined);
  const exportSection = new Bytes().unsigned(exported.length);
  for (const f of exported) exportSection.name(f.exportAs!).byte(0x00).unsigned(imports.length + functions.indexOf(f));
  const codeSection = new Bytes().unsigned(functions.length);
  for (const f of functions) {
    const body = new Bytes().unsigned(f.locals.length);
    for (const t of f.locals) body.byte(1, t);
    codeSection.sized(body.append(f.code.bytes).byte(op.end));
  }
  const module = new Bytes()
    .byte(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00)
    .section(1, types)
    .section(2, importSection)
    .section(3, functionSection)
    .section(7, exportSection)
    .section(10, codeSection);
  return module.join();
}
