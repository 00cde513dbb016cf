/**
 * The web page at `/`: the files that build.mjs bundles with esbuild into dist/web (index.html,
 * app.js, app.css), served read-only. The page uses only the public API, like any other client,
 * and fetches nothing from elsewhere, which its Content-Security-Policy enforces. Another method
 * on one of its paths is a 405 with `Allow: GET, HEAD`, as on the API's routes.
 */
import express, { type Express } from 'express';
import { HttpError } from './http/http-error.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/web beside the bundled server, or ../dist/web when running from src (tests). */
export function defaultWebDir(): string {
  const beside = fileURLToPath(new URL('./web', import.meta.url));
  return existsSync(join(beside, 'index.html')) ? beside : fileURLToPath(new URL('../dist/web', import.meta.url));
}

const POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

export function webRoutes(app: Express, dir = defaultWebDir()): void {
  const built = existsSync(join(dir, 'index.html'));
  // The page's paths, for a 405 naming GET and HEAD to another method (POST /, DELETE /app.js).
  const paths = new Set(['/', ...(built ? readdirSync(dir).map((file) => `/${file}`) : [])]);
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (paths.has(req.path)) return next(new HttpError(405, `${req.method} is not allowed on ${req.path}; it takes GET, HEAD`, { Allow: 'GET, HEAD' }));
      return next();
    }
    if (req.path === '/' && !built) {
      res.status(404).json({ error: `the web page is not built (no ${join(dir, 'index.html')}); run npx -y pnpm@12.4.2 build` });
      return;
    }
    res.set({ 'Content-Security-Policy': POLICY, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    next();
  }, express.static(dir, { index: 'index.html', redirect: false, fallthrough: true, dotfiles: 'ignore' }));
}
