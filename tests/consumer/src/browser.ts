/**
 * A web page's script, bundled as a web app would bundle it: esbuild with `platform: 'browser'`
 * from the consumer project (so the installed packages are resolved through their exports), then
 * run in a fresh V8 context that has a browser's globals and none of Node's (no process, require,
 * Buffer), so that code which reaches for Node fails there as it would in a browser.
 */
import { build, type Message } from 'esbuild';
import { runInNewContext } from 'node:vm';

export interface PageBundle {
  code: string;
  /** Node built-in modules the bundle would need (each with the file that imports it). */
  nodeBuiltins: string[];
}

export async function bundleForBrowser(projectDir: string, entry: string): Promise<PageBundle> {
  try {
    const result = await build({
      absWorkingDir: projectDir,
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      logLevel: 'silent',
    });
    return { code: result.outputFiles[0].text, nodeBuiltins: [] };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (errors === undefined) throw error;
    const builtins = errors.filter((message) => /built into node/.test(message.notes.map((note) => note.text).join(' ')));
    if (builtins.length < errors.length) throw error;
    return { code: '', nodeBuiltins: builtins.map((message) => `${message.location?.file ?? '?'}: ${message.text}`) };
  }
}

/** Runs a bundled page with a browser's globals and returns what it wrote to document.body. */
export function runPage(code: string): string {
  const document = { body: { textContent: '' } };
  const { TextEncoder, TextDecoder, crypto, performance, queueMicrotask, atob, btoa, setTimeout, clearTimeout } = globalThis;
  runInNewContext(code, {
    document,
    console,
    TextEncoder,
    TextDecoder,
    WebAssembly: (globalThis as unknown as { WebAssembly: unknown }).WebAssembly,
    crypto,
    performance,
    queueMicrotask,
    atob,
    btoa,
    setTimeout,
    clearTimeout,
  });
  return document.body.textContent;
}
