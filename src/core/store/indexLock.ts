import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { CodeloupeError } from '../errors';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive writer lock on an index directory (a file holding the owner's pid), so that the CLI and
 * the extension never write one index at the same time. A lock left by a dead process is taken over.
 */
export class IndexLock {
  private constructor(private readonly path: string) {}

  static acquire(path: string): IndexLock {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new IndexLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (Number.isFinite(owner) && owner !== process.pid && isAlive(owner)) {
          throw new CodeloupeError('E_INDEX_LOCKED', `The index at ${path} is being updated by process ${owner}.`, {
            hint: 'Wait for it to finish (or stop it), then run again.',
          });
        }
        rmSync(path, { force: true });
      }
    }
    throw new CodeloupeError('E_INDEX_LOCKED', `Could not lock the index (${path}).`, { hint: 'Remove the lock file if no codeloupe process is running.' });
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}
