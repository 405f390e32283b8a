import { promises as fs } from 'node:fs';
import { sha256 } from '../hash';
import type { ScannedFile, SkippedFile, SkipReason } from '../types';
import { hasNulByte, minifiedDetail } from './contentChecks';
import { fsErrorCode } from './fsErrorCode';
import { DEFAULT_MAX_FILE_BYTES } from './scanOptions';

export type ReadOutcome =
  | { ok: true; text: string; /** sha256 of the raw bytes, BOM included. */ hash: string }
  | { ok: false; skipped: SkippedFile };

export interface ReadOptions {
  /** The same limit the scan used; a file may have grown since. Default 1 MB. */
  maxFileBytes?: number;
}

/**
 * Reads a scanned file as UTF-8 text for indexing, or says why it is skipped: 'unreadable' (cannot be
 * opened or read, or is no longer a regular file), 'too-large', 'binary' (a NUL byte in the first
 * 8 KB), 'not-utf8' (no other encoding is tried) or 'minified' (see contentChecks.ts). A UTF-8 byte
 * order mark is dropped from `text`. Never throws for a problem with the file itself.
 */
export async function readSourceFile(file: ScannedFile, options: ReadOptions = {}): Promise<ReadOutcome> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let bytes: Buffer;
  try {
    // Checked before opening: opening a FIFO would block until someone writes to it.
    const stat = await fs.stat(file.absPath);
    if (!stat.isFile()) return skip(file, 'unreadable', 'no longer a regular file');
    if (stat.size > maxFileBytes) return skip(file, 'too-large', tooLarge(stat.size, maxFileBytes));
    bytes = await fs.readFile(file.absPath);
  } catch (err) {
    return skip(file, 'unreadable', `could not be read (${fsErrorCode(err)})`);
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
  return { ok: true, text, hash: sha256(bytes) };
}

function tooLarge(size: number, limit: number): string {
  return `${size} bytes, over the limit of ${limit}`;
}

function skip(file: ScannedFile, reason: SkipReason, detail: string): ReadOutcome {
  return { ok: false, skipped: { path: file.path, reason, detail } };
}
