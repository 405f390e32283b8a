import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, readSync, type Stats } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../hash';
import type { FileStamp, ScannedFile, SkippedFile, SkipReason } from '../types';
import { hasNulByte, minifiedDetail } from './contentChecks';
import { fsErrorCode } from './fsErrorCode';
import { DEFAULT_MAX_FILE_BYTES } from './scanOptions';

export type ReadOutcome =
  | {
      ok: true;
      text: string;
      /** sha256 of the raw bytes, BOM included. */
      hash: string;
      /** The stamp of the file that was read (from the open file, not the path), and when it was taken. */
      stamp: FileStamp & { statAtMs: number };
    }
  | { ok: false; skipped: SkippedFile };

export interface ReadOptions {
  /** The same limit the scan used; a file may have grown since. Default 1 MB. */
  maxFileBytes?: number;
  /** The scan's `followSymlinks`: read through a link at the path. Default false: a link is never read through. */
  followSymlinks?: boolean;
  /**
   * The indexed folder's real path (symbolic links resolved). When given, and links are not followed, a
   * file whose real path is not `<realRoot>/<path>` (a directory on the way was swapped for a link since
   * the scan) is skipped as 'symlink'.
   */
  realRoot?: string;
}

// Not on Windows, where links are not opened through by accident the same way; 0 leaves the flag out.
const O_NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;
// Opening a FIFO for reading would block until someone writes to it.
const O_NONBLOCK = fsConstants.O_NONBLOCK ?? 0;

/**
 * Reads a scanned file as UTF-8 text for indexing, or says why it is skipped: 'symlink' (the path is, or
 * goes through, a symbolic link: the scan saw a file, but it was replaced since, and links are not
 * followed), 'unreadable' (cannot be opened or read, or is no longer a regular file), 'too-large',
 * 'binary' (a NUL byte in the first 8 KB), 'not-utf8' (no other encoding is tried) or 'minified' (see
 * contentChecks.ts). A UTF-8 byte order mark is dropped from `text`. Never throws for a problem with the
 * file itself. The file is opened without following a link (O_NOFOLLOW) and every check is made on the
 * open file, so what is checked is what is read.
 */
export async function readSourceFile(file: ScannedFile, options: ReadOptions = {}): Promise<ReadOutcome> {
  return readSourceFileNow(file, options);
}

/**
 * `readSourceFile`, with blocking calls: a local file costs a few microseconds of system calls this way,
 * where each of the five asynchronous calls (open, stat, the link check, read, close) cost tens of
 * microseconds of the calling thread's time in promises and thread-pool hand-offs.
 */
export function readSourceFileNow(file: ScannedFile, options: ReadOptions = {}): ReadOutcome {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const follow = options.followSymlinks ?? false;
  let fd: number;
  try {
    fd = openSync(file.absPath, fsConstants.O_RDONLY | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
  } catch (err) {
    const code = fsErrorCode(err);
    if (code === 'ELOOP' && !follow) return skip(file, 'symlink', 'replaced by a symbolic link since the scan (links are not followed)');
    return skip(file, 'unreadable', `could not be read (${code})`);
  }
  let bytes: Buffer;
  let stamp: FileStamp & { statAtMs: number };
  try {
    const statAtMs = Date.now();
    const stat = fstatSync(fd);
    if (!stat.isFile()) return skip(file, 'unreadable', 'no longer a regular file');
    if (!follow && options.realRoot !== undefined && reachedThroughLink(fd, stat, file, options.realRoot)) {
      return skip(file, 'symlink', 'a directory on its path was replaced by a symbolic link since the scan (links are not followed)');
    }
    if (stat.size > maxFileBytes) return skip(file, 'too-large', tooLarge(stat.size, maxFileBytes));
    stamp = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, statAtMs };
    bytes = readWhole(fd, stat.size);
  } catch (err) {
    return skip(file, 'unreadable', `could not be read (${fsErrorCode(err)})`);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Closing a descriptor that was read cannot lose anything.
    }
  }
  if (bytes.length > maxFileBytes) return skip(file, 'too-large', tooLarge(bytes.length, maxFileBytes));
  if (hasNulByte(bytes)) return skip(file, 'binary', 'NUL byte in the first 8 KB');
  let text: string;
  try {
    // The default `ignoreBOM: false` strips a leading UTF-8 BOM.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return skip(file, 'not-utf8', 'not valid UTF-8 (other encodings are not indexed)');
  }
  const minified = minifiedDetail(text);
  if (minified !== undefined) return skip(file, 'minified', minified);
  return { ok: true, text, hash: sha256(bytes), stamp };
}

/**
 * The open file's bytes. A file still of the size fstat gave is read in one call (asking for one byte more
 * finds its end); one that is not (it grew or shrank since) is read again whole by `readFileSync`, which
 * reads to the end. Positional reads leave the file position at 0, where readFileSync starts.
 */
function readWhole(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size + 1);
  let bytesRead = 0;
  while (bytesRead <= size) {
    const n = readSync(fd, buffer, bytesRead, size + 1 - bytesRead, bytesRead);
    if (n === 0) break;
    bytesRead += n;
  }
  return bytesRead === size ? buffer.subarray(0, size) : readFileSync(fd);
}

/**
 * Whether the open file is not `<realRoot>/<path>`. Linux names the open file itself (/proc/self/fd), which
 * no later swap can change; elsewhere no directory between the root and the file may be a link, and the
 * path must still lead to the open file.
 */
function reachedThroughLink(fd: number, opened: Stats, file: ScannedFile, realRoot: string): boolean {
  const expected = path.join(realRoot, ...file.path.split('/'));
  if (process.platform === 'linux') {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) !== expected;
    } catch {
      // No /proc (a sandbox): check the path instead.
    }
  }
  const parts = file.path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (lstatSync(path.join(realRoot, ...parts.slice(0, i))).isSymbolicLink()) return true;
  }
  const atPath = lstatSync(expected);
  return atPath.ino !== opened.ino || atPath.dev !== opened.dev;
}

function tooLarge(size: number, limit: number): string {
  return `${size} bytes, over the limit of ${limit}`;
}

function skip(file: ScannedFile, reason: SkipReason, detail: string): ReadOutcome {
  return { ok: false, skipped: { path: file.path, reason, detail } };
}
