// The part of the WebAssembly JavaScript API that ceiling.ts uses. Node has it globally; TypeScript
// declares it only with the DOM library, which this workspace does not include.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  function validate(bytes: Uint8Array): boolean;
}
