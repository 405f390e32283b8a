import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { neverCancelled, throwIfCancelled, type CancellationToken } from '../cancellation';
import { CodeloupeError } from '../errors';
import type { ScannedFile, SkippedFile } from '../types';
import { fsErrorCode, isNotFound } from './fsErrorCode';
import { folderProblem, notAFolder } from './existingFolder';
import { IgnoreRules, type IgnoreSource } from './ignoreRules';
import { entryKindOf, inspectEntry, type EntryOutcome } from './inspectEntry';
import { resolveScanOptions, type ScanOptions } from './scanOptions';

export interface ScanResult {
  /** Files to index, sorted by path. */
  files: ScannedFile[];
  /** Files (and unlistable directories) left out, each with its reason, sorted by path. */
  skipped: SkippedFile[];
  /** Paths left out by ignore rules, by who ignored them. An ignored directory counts once. */
  ignored: Record<IgnoreSource, number>;
}

/** Entries of one directory inspected at once: enough to keep the disk busy, few enough to stay light. */
const INSPECT_CONCURRENCY = 32;

/**
 * Walks `root` and lists the files worth indexing, by path rules, type and size only: file contents
 * are read later, by readSourceFile. Symbolic links to directories are never followed. Files deleted
 * while the walk runs are left out without a report; everything else left out is in `skipped` or
 * counted in `ignored`. Checks `token` before each directory.
 */
export async function scanFolder(root: string, options: ScanOptions = {}, token: CancellationToken = neverCancelled): Promise<ScanResult> {
  const resolved = resolveScanOptions(options);
  const absRoot = path.resolve(root);
  await assertFolder(absRoot);
  const rules = await IgnoreRules.load(absRoot, resolved);
  const files: ScannedFile[] = [];
  const skipped: SkippedFile[] = [];
  const ignored: Record<IgnoreSource, number> = { gitignore: 0, builtin: 0, user: 0 };
  const pending: string[] = [''];
  const record = (relPath: string, outcome: EntryOutcome): void => {
    switch (outcome.kind) {
      case 'file': files.push(outcome.file); break;
      case 'directory': pending.push(relPath); break;
      case 'skipped': skipped.push(outcome.skipped); break;
      case 'ignored': ignored[outcome.by] += 1; break;
      case 'absent': break;
    }
  };
  for (let dirRel = pending.pop(); dirRel !== undefined; dirRel = pending.pop()) {
    throwIfCancelled(token);
    const entries = await listDirectory(absRoot, dirRel);
    if ('problem' in entries) {
      if (entries.problem !== undefined) skipped.push(entries.problem);
      continue;
    }
    await rules.loadDirectory(dirRel, new Set(entries.list.map((e) => e.name)));
    for (let start = 0; start < entries.list.length; start += INSPECT_CONCURRENCY) {
      const batch = entries.list.slice(start, start + INSPECT_CONCURRENCY);
      const outcomes = await Promise.all(
        batch.map((entry) => {
          const relPath = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
          return inspectEntry(rules, relPath, entryKindOf(entry), resolved).then((outcome) => ({ relPath, outcome }));
        }),
      );
      for (const { relPath, outcome } of outcomes) record(relPath, outcome);
    }
  }

  // An ignore file that could not be read is reported once, as such, and not indexed.
  const problems = rules.problems();
  const problemPaths = new Set(problems.map((p) => p.path));
  return {
    files: files.filter((f) => !problemPaths.has(f.path)).sort(byPath),
    skipped: [...skipped, ...problems].sort(byPath),
    ignored,
  };
}

/** Code-unit order: the same on every machine and locale. */
function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

async function assertFolder(absRoot: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(absRoot)).isDirectory();
  } catch (err) {
    throw folderProblem(absRoot, err);
  }
  if (!isDirectory) throw notAFolder(absRoot);
}

type Listing = { readonly list: Dirent[] } | { readonly problem: SkippedFile | undefined };

/** The entries of one directory; a directory that cannot be listed is reported, except the folder itself, which throws. */
async function listDirectory(absRoot: string, dirRel: string): Promise<Listing> {
  try {
    return { list: await fs.readdir(path.join(absRoot, dirRel), { withFileTypes: true }) };
  } catch (err) {
    if (dirRel === '') {
      throw new CodeloupeError('E_FILE_UNREADABLE', `The folder ${absRoot} could not be listed (${fsErrorCode(err)}).`, {
        hint: 'Check that you may read it.',
        cause: err,
      });
    }
    // Deleted since its parent was listed: nothing left to report.
    if (isNotFound(err)) return { problem: undefined };
    return { problem: { path: dirRel, reason: 'unreadable', detail: `directory could not be listed (${fsErrorCode(err)}); its contents were not scanned` } };
  }
}
