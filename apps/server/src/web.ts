/**
 * The web page at `/`: the files that build.mjs bundles with esbuild into dist/web (index.html,
 * app.js, app.css), served read-only. The page uses only the public API, like any other client,
 * and fetches nothing from elsewhere, which its Content-Security-Policy enforces.
 */
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
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
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/' && !built) {
      res.status(404).json({ error: `the web page is not built (no ${join(dir, 'index.html')}); run npx -y pnpm@12.4.2 build` });
      return;
    }
    res.set({ 'Content-Security-Policy': POLICY, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    next();
  }, express.static(dir, { index: 'index.html', redirect: false, fallthrough: true, dotfiles: 'ignore' }));
}
