import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** Hex SHA-256 of a string or bytes: the content key of files and chunks. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex SHA-256 of a file's bytes, read in blocks (the file may be far larger than one buffer should be). */
export function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) hash.update(block.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
