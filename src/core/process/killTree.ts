/**
 * Kills a process and every process it started (the engine server and its embedding workers). On POSIX a
 * supervised process is started in its own process group (`detached`), and the kernel kills the whole
 * group at once. Elsewhere, or when the group is not there, `tree-kill` walks the tree (`taskkill /T /F`
 * on Windows).
 */
import treeKill from 'tree-kill';

export interface KillTreeOptions {
  /** The process leads its own process group (started with `detached: true` on POSIX). */
  groupLeader: boolean;
  platform?: NodeJS.Platform;
}

export function killTree(pid: number, options: KillTreeOptions): Promise<void> {
  if (options.groupLeader && (options.platform ?? process.platform) !== 'win32') {
    try {
      process.kill(-pid, 'SIGKILL');
      return Promise.resolve();
    } catch {
      // The group is gone or was never ours: walk the tree instead.
    }
  }
  return new Promise((resolve) => treeKill(pid, 'SIGKILL', () => resolve()));
}
