/**
 * The temporary consumer project: a folder under the system's temporary folder, far from the
 * workspace (no workspace links, no pnpm), where npm installs the packed libraries and TypeScript 5
 * as a user's project would. The command-line tools are installed alone, each into a global prefix
 * of their own, as `npm i -g` would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, type PackageName, type Packed } from './pack.js';
import { run } from './run.js';

/** What npm needs to install quietly and from its cache when it can. */
export const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn'];

/** The TypeScript a consumer on an older toolchain uses; the workspace itself builds with TS 7. */
export const CONSUMER_TYPESCRIPT = 'typescript@5';

export interface ConsumerProject {
  /** The project's folder (an ES module project: "type": "module"). */
  dir: string;
  packed: Record<PackageName, Packed>;
  /** What npm printed on stderr while installing the libraries (warnings such as EBADENGINE). */
  installWarnings: string;
  remove(): void;
}

export async function createProject(): Promise<ConsumerProject> {
  const root = mkdtempSync(join(tmpdir(), 'bpnn-consumer-'));
  const tarballs = join(root, 'tarballs');
  const dir = join(root, 'project');
  mkdirSync(tarballs);
  mkdirSync(dir);
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const packed = await packAll(tarballs);
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'bpnn-consumer', private: true, type: 'module' }, null, 2)}\n`);
    const { stderr } = await run(
      'npm',
      ['install', ...NPM_FLAGS, packed['@bpnn/core'].tarball, packed['@bpnn/serialize'].tarball, CONSUMER_TYPESCRIPT],
      { cwd: dir, timeout: 300_000 },
    );
    return { dir, packed, installWarnings: stderr, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/**
 * Installs one tarball alone into a fresh global prefix (`npm i -g --prefix`), as a user installs
 * a command; returns the folder that holds its commands (`<prefix>/bin`).
 */
export async function installGlobally(project: ConsumerProject, tarball: string, prefix: string): Promise<{ bin: string; stderr: string }> {
  const dir = join(project.dir, '..', prefix);
  mkdirSync(dir);
  const { stderr } = await run('npm', ['install', '--global', '--prefix', dir, ...NPM_FLAGS, tarball], { cwd: project.dir, timeout: 300_000 });
  return { bin: join(dir, 'bin'), stderr };
}
