/**
 * One WebAssembly function, shared by every network of the process, through which predictOne
 * calls its network's row kernel (assembly/forward-row.ts): `run(slot, plan, layers)` calls the
 * function in `slot` of its table with (plan, layers), a call from one module into another.
 *
 * Why not call the kernel's export directly: a call from JavaScript into WebAssembly goes through a
 * wrapper, which V8 before version 12 (Node 20 and 22) compiles for each exported function of
 * each instance after its first 1,000 calls, on the calling thread: about 0.2 ms in every new
 * network's first predictions, 0.12 µs a call over W1's 1,797 (measured: the 200 calls after the
 * 1,000th of every fresh network took 1 µs a call longer than the rest). Each network has its own
 * instance (its own memory), so each paid it; this function is called from JavaScript in every
 * network, and pays it once.
 *
 * A network's slot is freed when its backend is garbage. Until then the table keeps its instance
 * and memory alive, and the engine frees slots only between tasks: a synchronous loop that made
 * thousands of networks and predicted with each would hold all their memories. So at most
 * MAX_SLOTS networks hold a slot at a time, each with a memory of at most MAX_BYTES when it was
 * given one (the wrapper's 0.2 ms matters where a prediction takes a microsecond, in small
 * networks); the others call their kernel directly.
 */

/** The most networks that hold a slot at once. */
export const MAX_SLOTS = 32;
/** The largest memory (bytes) of a network given a slot: 4 MiB. */
export const MAX_BYTES = 4 * 2 ** 20;

/**
 * The module, in WebAssembly's binary format:
 *   (type $row (func (param i32 i32) (result i32)))          ;; forwardRow(plan, layers)
 *   (type $run (func (param i32 i32 i32) (result i32)))
 *   (table (export "table") 0 funcref)
 *   (func (export "run") (type $run) (param $slot i32) (param $plan i32) (param $layers i32) (result i32)
 *     (call_indirect (type $row) (local.get $plan) (local.get $layers) (local.get $slot)))
 */
const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x0e, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, // types: (i32 i32) → i32, (i32 i32 i32) → i32
  0x03, 0x02, 0x01, 0x01, // functions: one, of type 1
  0x04, 0x04, 0x01, 0x70, 0x00, 0x00, // tables: one of funcref, at least 0, no maximum
  0x07, 0x0f, 0x02, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x00, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x00, // exports: "run" (function 0), "table" (table 0)
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0b, // code: local.get 1, 2, 0; call_indirect type 0 table 0
]);

/** A row kernel: forwardRow or forwardRowF64 of one network's instance. */
type RowKernel = (plan: number, layers: number) => number;

interface Trampoline {
  run(slot: number, plan: number, layers: number): number;
  table: WebAssembly.Table;
}

let trampoline: Trampoline | null | undefined; // undefined: not made yet; null: cannot be here
const freeSlots: number[] = [];
let liveSlots = 0;
const slotsToFree = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<number>((slot) => {
    trampoline?.table.set(slot, null);
    freeSlots.push(slot);
    liveSlots--;
  })
  : null;

function make(): Trampoline | null {
  if (slotsToFree === null) return null; // slots could never be freed
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports as unknown as Trampoline;
  } catch {
    return null;
  }
}

/**
 * The shared function and `kernel`'s slot in its table, freed once `owner` is garbage: call
 * `run(slot, plan, layers)` for `kernel(plan, layers)`. null for a memory of more than MAX_BYTES,
 * while MAX_SLOTS slots are held, or where the engine cannot (no FinalizationRegistry, or no
 * WebAssembly tables): call the kernel directly then.
 */
export function rowTrampoline(kernel: RowKernel, owner: object, memoryBytes: number): { run: Trampoline['run']; slot: number } | null {
  if (memoryBytes > MAX_BYTES || liveSlots >= MAX_SLOTS) return null;
  if (trampoline === undefined) trampoline = make();
  if (trampoline === null) return null;
  const slot = freeSlots.pop() ?? trampoline.table.grow(1);
  trampoline.table.set(slot, kernel);
  slotsToFree?.register(owner, slot);
  liveSlots++;
  return { run: trampoline.run, slot };
}
