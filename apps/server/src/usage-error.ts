/** A bad flag or environment variable: bpnn-server prints it with the usage and exits 2. */
export class UsageError extends Error {}
