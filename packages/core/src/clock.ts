/**
 * The monotonic clock, looked up once. `performance` is a lazy global accessor in Node: reading it
 * on every epoch of XOR's online training (4 samples an epoch) cost about 8 % of each update
 * (counted with callgrind), and the thread pool reads the clock around every split kernel call.
 */
export const clock: { now(): number } = globalThis.performance;
