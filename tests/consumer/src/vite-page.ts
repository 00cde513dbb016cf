/**
 * A web page built by Vite for production from the consumer project (fixtures/vite: the page, its
 * worker and the training they share), served over HTTP and run in headless Chromium, as a user's
 * app would be. Vite runs as a user runs it (its command, in the page's folder, with a plain
 * environment), and resolves @bpnn/* from the project's node_modules: the installed tarballs.
 */
import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './pack.js';
import { run } from './run.js';

/** Debian's Chromium (apt-get install chromium), as tests/browser uses it. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VITE = join(ROOT, 'tests/consumer/node_modules/vite/bin/vite.js');

/** What the page reports (fixtures/vite/main.js). */
export interface PageResults {
  small: number[];
  wide: number[];
  backends: string[];
  kernels: string | null;
  worker: number[];
  reloaded: number[];
  crossOriginIsolated: boolean;
  split: { outputs: number[]; threadsUsed: number };
  hardwareConcurrency: number;
}

/**
 * A strict production page's Content-Security-Policy: scripts and workers from the page's origin
 * (and blob: workers), WebAssembly compiled, no eval.
 */
export const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:";

/** `vite build` in `pageDir`; returns dist's files (relative paths) with their sizes in bytes. */
export async function viteBuild(pageDir: string): Promise<Record<string, number>> {
  await run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: pageDir });
  const dist = join(pageDir, 'dist');
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
  return Object.fromEntries(files(dist).map((file) => [relative(dist, file), statSync(file).size]));
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/**
 * Serves `dist` on a free port, cross-origin isolated (COOP and COEP, so that the wasm backend
 * may share its memory with Web Workers), with `csp` as its Content-Security-Policy if given;
 * opens its index.html in Chromium and returns what the page reports.
 */
export async function runInChromium(dist: string, csp?: string): Promise<PageResults> {
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server = createServer((request, response) => {
    const path = join(dist, new URL(request.url ?? '/', 'http://page').pathname.replace(/\/$/, '/index.html'));
    try {
      const body = readFileSync(path);
      const headers = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', ...isolation, ...(csp === undefined ? {} : { 'content-security-policy': csp }) };
      response.writeHead(200, headers).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const { port } = server.address() as { port: number };
    await page.goto(`http://127.0.0.1:${port}/`);
    const outcome = await page.evaluate(() => (globalThis as unknown as { bpnnResults: Promise<{ ok: boolean; results?: PageResults; error?: string }> }).bpnnResults);
    if (errors.length > 0 || !outcome.ok) throw new Error(`the page failed: ${[...errors, outcome.error].filter(Boolean).join('\n')}`);
    const hardwareConcurrency = await page.evaluate(() => (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator.hardwareConcurrency);
    return { ...outcome.results!, hardwareConcurrency };
  } finally {
    await browser.close();
    server.close();
  }
}
