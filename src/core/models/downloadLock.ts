import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CancellationToken } from '../cancellation';
import { describeHolder, FileLock } from '../fileLock';
import type { Logger } from '../logger';
import { definedProps } from '../definedProps';

/** The lock beside a model folder that one downloading process holds (the CLI and every VS Code window). */
export function downloadLockPath(dir: string): string {
  return `${dir}.download-lock`;
}

/**
 * Runs a download of the model folder `dir` under its lock, waiting (cancellably) while another process
 * downloads into it; the files it finished are then found present and not fetched again.
 */
export async function withDownloadLock<T>(dir: string, options: { token?: CancellationToken; logger: Logger }, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(dir), { recursive: true });
  const lock = await FileLock.acquire(downloadLockPath(dir), {
    purpose: 'downloading the model',
    ...definedProps({ token: options.token }),
    onWait: (holder, clearHint) => options.logger.warn(`Waiting for ${describeHolder(holder)}, which is downloading into ${dir}. ${clearHint}`),
  });
  try {
    return await work();
  } finally {
    lock.release();
  }
}
