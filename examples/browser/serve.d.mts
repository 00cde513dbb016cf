/** Starts the example's static server on 127.0.0.1 (port 0: any free port). */
export function serve(options?: { isolated?: boolean; port?: number }): Promise<{ url: string; close: () => Promise<void> }>;
