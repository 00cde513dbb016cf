/**
 * The temporary files of writeFileAtomic (atomic-file.ts): named after their writer, so that a
 * folder's reader can tell a write under way from one a crash (kill -9, a power cut) left behind.
 *
 * `.<target>.<host>-<pid>.<random>.tmp`: the host name (so that processes of another machine or
 * container sharing the folder, whose process ids mean nothing here, are told apart) and the
 * writer's process id. A temporary file is abandoned when:
 * - its writer ran on this host and its process is gone (`kill(pid, 0)` says ESRCH);
 * - its writer is this process and it is starting (nothing of its own can be under way yet);
 * - its writer is elsewhere, or its name is older than this rule, and it is over a minute old.
 * A writer's pid taken since by another live process keeps its file until that process ends: a
 * file left, never a write under way deleted.
 */
import { hostname } from 'node:os';

/** A file-name-safe form of this machine's (or container's) name. */
export const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 63) || 'host';

/** Temporary files start with a dot and end with .tmp; a folder scan skips them and deletes the abandoned. */
export const isTemporary = (file: string) => file.startsWith('.') && file.endsWith('.tmp');

/** The name of this process's temporary file for `target` (a file name), unique with `random`. */
export const temporaryName = (target: string, random: string) => `.${target}.${HOST}-${process.pid}.${random}.tmp`;

/** A temporary file older than this, whose writer cannot be asked, is taken for a crash's. */
export const STALE_TEMPORARY_MS = 60_000;

/** The writer a temporary file's name records, or undefined for a name without one. */
export function writerOf(file: string): { host: string; pid: number } | undefined {
  const match = /\.([A-Za-z0-9-]+)-(\d+)\.[0-9a-f-]{36}\.tmp$/.exec(file);
  return match === null ? undefined : { host: match[1], pid: Number(match[2]) };
}

/** Whether process `pid` of this host is alive (EPERM: alive, another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Whether the temporary file `file`, last modified at `mtimeMs`, is no write under way (module
 * comment); `starting`: this process has not begun writing yet.
 */
export function isAbandoned(file: string, mtimeMs: number, starting: boolean, now = Date.now()): boolean {
  const writer = writerOf(file);
  if (writer === undefined || writer.host !== HOST) return now - mtimeMs > STALE_TEMPORARY_MS;
  if (writer.pid === process.pid) return starting;
  return !isAlive(writer.pid);
}
