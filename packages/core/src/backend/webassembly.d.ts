// The part of the WebAssembly JavaScript API that wasm-backend.ts, wasm-threads.ts and row-trampoline.ts use. Node and browsers have it
// globally; TypeScript declares it only with the DOM library, which core does not include.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(pages: number): number;
    /** Makes `buffer` a resizable ArrayBuffer that growth resizes in place (not in every engine). */
    toResizableBuffer(): ArrayBuffer;
  }
  /** A table of functions (row-trampoline.ts): WebAssembly functions, or null. */
  class Table {
    grow(delta: number): number;
    set(index: number, value: ((...args: never[]) => unknown) | null): void;
  }
  function validate(bytes: Uint8Array): boolean;
}
