// Adds up the vitest JSON reports that `pnpm test` leaves in each workspace package (the folders
// pnpm-workspace.yaml lists) and prints one closing line for the whole workspace:
// "tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** The `packages:` entries of pnpm-workspace.yaml (`apps/*` or `examples`), as folders. */
function workspaceFolders() {
  const yaml = readFileSync('pnpm-workspace.yaml', 'utf8');
  const entries = [...yaml.matchAll(/^ {2}- (\S+)$/gm)].map((m) => m[1].replace(/^['"]|['"]$/g, ''));
  return entries.flatMap((entry) =>
    entry.endsWith('/*') ? readdirSync(entry.slice(0, -2)).map((name) => `${entry.slice(0, -2)}/${name}`) : [entry],
  );
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const folder of workspaceFolders()) {
  const file = `${folder}/.vitest-report.json`;
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
