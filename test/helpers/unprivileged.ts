import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** nobody/nogroup: a user that file permissions apply to. */
const NOBODY = 65534;
const REPO = join(__dirname, '..', '..');

/**
 * Calls `exported(...args)` from the source module `modulePath` (relative to the repository) in a child
 * process that file permissions apply to, and returns its JSON result. Run as root (as CI is), where
 * chmod cannot stop a read, the child drops to nobody; otherwise it runs as this user. `folders` are made
 * traversable by others, so that nobody reaches the files the test set up in them.
 */
export function callUnprivileged<T>(modulePath: string, exported: string, args: unknown[], folders: string[] = []): T {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root) for (const folder of folders.flatMap((f) => [f, dirname(f)])) chmodSync(folder, 0o755);
  const code = `Promise.resolve(require(${JSON.stringify(join(REPO, modulePath))})[${JSON.stringify(exported)}](...${JSON.stringify(args)})).then((r) => process.stdout.write(JSON.stringify(r)))`;
  // tsx keeps its cache in the temporary folder, which nobody may not be able to write to.
  const scratch = mkdtempSync(join(tmpdir(), 'codeloupe-unprivileged-'));
  chmodSync(scratch, 0o777);
  let child;
  try {
    child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: scratch, HOME: scratch },
      ...(root && { uid: NOBODY, gid: NOBODY }),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (child.status !== 0) throw new Error(`The unprivileged call failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout) as T;
}

/**
 * Spawn options that make permission checks real: a test run as root (as CI is) reads everything whatever
 * its mode, so the child runs as the unprivileged user `nobody` there; anyone else is already unprivileged.
 */
export const UNPRIVILEGED: { uid?: number; gid?: number } = typeof process.getuid === 'function' && process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {};
