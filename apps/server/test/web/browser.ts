/**
 * A real headless browser for the web page's tests: Debian's chromium (or BPNN_CHROMIUM) driven by
 * playwright-core, offline (no background networking, no updates). When it cannot start, the tests
 * skip saying why; with BPNN_REQUIRE_BROWSER=1 (as .ci/run sets) that is a failure instead.
 */
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.BPNN_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
}

/** Why the browser tests cannot run here, or null when they can (the browser started and closed). */
export async function browserProblem(): Promise<string | null> {
  let problem: string | null = null;
  if (!existsSync(CHROMIUM)) problem = `no browser at ${CHROMIUM} (apt-get install chromium, or set BPNN_CHROMIUM)`;
  else {
    try {
      await (await launchBrowser()).close();
    } catch (error) {
      problem = `${CHROMIUM} did not start: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  if (problem !== null && process.env.BPNN_REQUIRE_BROWSER === '1') throw new Error(`BPNN_REQUIRE_BROWSER=1 but ${problem}`);
  return problem;
}
