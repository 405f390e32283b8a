import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { ScannedFile, SkippedFile } from '../types';
import { checkFileName } from './fileNameRules';
import { fsErrorCode, isNotFound } from './fsErrorCode';
import type { IgnoreRules, IgnoreSource } from './ignoreRules';
import { assertRelativePath } from './relativePath';
import { resolveScanOptions, type ResolvedScanOptions, type ScanOptions } from './scanOptions';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** What the scanner makes of one path, judged by path, type and size; contents are not read. */
export type EntryOutcome =
  | { readonly kind: 'file'; readonly file: ScannedFile }
  | { readonly kind: 'directory' }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile }
  | { readonly kind: 'ignored'; readonly by: IgnoreSource }
  /** It no longer exists (deleted since it was listed, or by a watcher's event). */
  | { readonly kind: 'absent' };

/**
 * One entry met by the top-down walk. Its directory's ignore rules must be loaded and its parents are
 * known not to be ignored.
 */
export async function inspectEntry(rules: IgnoreRules, relPath: string, kind: EntryKind, options: ResolvedScanOptions): Promise<EntryOutcome> {
  const verdict = rules.isIgnored(relPath, kind === 'directory');
  if (verdict.ignored) return { kind: 'ignored', by: verdict.by };
  return kind === 'directory' ? { kind: 'directory' } : inspectNonDirectory(rules.root, relPath, kind, options);
}

/**
 * Any path under the folder, for example one a file watcher reports: checks every parent directory's
 * ignore rules too. `relPath` is relative to `rules.root`, '/'-separated.
 */
export async function inspectPath(rules: IgnoreRules, relPath: string, options: ScanOptions = {}): Promise<EntryOutcome> {
  assertRelativePath(relPath);
  let stat: Stats;
  try {
    stat = await fs.lstat(path.join(rules.root, relPath));
  } catch (err) {
    if (isNotFound(err)) return { kind: 'absent' };
    return skip(relPath, 'unreadable', `could not be inspected (${fsErrorCode(err)})`);
  }
  const kind = entryKindOf(stat);
  const verdict = await rules.classify(relPath, kind === 'directory');
  if (verdict.ignored) return { kind: 'ignored', by: verdict.by };
  return kind === 'directory' ? { kind: 'directory' } : inspectNonDirectory(rules.root, relPath, kind, resolveScanOptions(options));
}

export function entryKindOf(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return entry.isSymbolicLink() ? 'symlink' : 'other';
}

async function inspectNonDirectory(root: string, relPath: string, kind: Exclude<EntryKind, 'directory'>, options: ResolvedScanOptions): Promise<EntryOutcome> {
  if (kind === 'other') return skip(relPath, 'unreadable', 'not a regular file (a device, socket or FIFO)');
  if (kind === 'symlink' && !options.followSymlinks) return skip(relPath, 'symlink', 'symbolic links are not followed (followSymlinks is off)');
  const byName = checkFileName(relPath.slice(relPath.lastIndexOf('/') + 1));
  if (byName !== undefined) return skip(relPath, byName.reason, byName.detail);
  const absPath = path.join(root, relPath);
  let stat: Stats;
  try {
    // For a link this follows it to its target.
    stat = await fs.stat(absPath);
  } catch (err) {
    if (kind === 'symlink' && isNotFound(err)) return skip(relPath, 'symlink', 'dangling symbolic link (its target does not exist)');
    if (isNotFound(err)) return { kind: 'absent' };
    return skip(relPath, 'unreadable', `could not be inspected (${fsErrorCode(err)})`);
  }
  if (stat.isDirectory()) return skip(relPath, 'symlink', 'symbolic link to a directory; those are never followed');
  if (!stat.isFile()) return skip(relPath, 'unreadable', 'not a regular file (a device, socket or FIFO)');
  if (stat.size > options.maxFileBytes) return skip(relPath, 'too-large', `${stat.size} bytes, over the limit of ${options.maxFileBytes}`);
  return { kind: 'file', file: { path: relPath, absPath, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino } };
}

function skip(relPath: string, reason: SkippedFile['reason'], detail: string): EntryOutcome {
  return { kind: 'skipped', skipped: { path: relPath, reason, detail } };
}
