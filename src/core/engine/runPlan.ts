import type { FileStamp, ScannedFile } from '../types';
import type { StoredFile } from '../store/storedTypes';

/** What an index run must do, decided from file metadata alone (no file is read to make this plan). */
export interface IndexPlan {
  /** Same stamp and chunk key as stored, and the stamp was not racy: nothing to do. */
  unchanged: string[];
  /** New, or stamp/chunk key differ, or the stored stamp is racy: read, hash, and re-chunk if the bytes changed. */
  toRead: ScannedFile[];
  /** Stored but no longer found (deleted, now ignored, or now too large). */
  toRemove: string[];
}

/**
 * A change made within this long after a stamp was taken may leave the same mtime and ctime: file systems
 * keep timestamps at a coarse granularity (a kernel tick; 2 s on FAT) and their clock may lag ours. Such a
 * stamp is "racy" (git's word) and only the content hash can tell, so the file is read again.
 */
export const RACY_WINDOW_MS = 3000;

/**
 * Plans a run by comparing the scan with the store the way git compares the work tree with its index.
 * `scope`, when given, limits the run to those paths (a save or a watcher batch): stored files outside it
 * are neither checked nor removed.
 */
export function planIndexRun(
  scanned: readonly ScannedFile[],
  stored: readonly StoredFile[],
  chunkKey: string,
  scope?: ReadonlySet<string>,
): IndexPlan {
  const storedByPath = new Map(stored.map((f) => [f.path, f]));
  const plan: IndexPlan = { unchanged: [], toRead: [], toRemove: [] };
  const seen = new Set<string>();
  for (const file of scanned) {
    if (scope && !scope.has(file.path)) continue;
    seen.add(file.path);
    const previous = storedByPath.get(file.path);
    if (previous && previous.chunkKey === chunkKey && sameStamp(previous, file) && !isRacy(previous)) {
      plan.unchanged.push(file.path);
    } else {
      plan.toRead.push(file);
    }
  }
  for (const file of stored) {
    if (seen.has(file.path)) continue;
    if (scope && !scope.has(file.path)) continue;
    plan.toRemove.push(file.path);
  }
  return plan;
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** The stamp was taken so soon after the file last changed that a later change might not move it. */
export function isRacy(file: FileStamp & { statAtMs: number }): boolean {
  return Math.max(file.mtimeMs, file.ctimeMs) >= file.statAtMs - RACY_WINDOW_MS;
}

export type ReadDecision = 'rechunk' | 'touch';

/**
 * After reading a planned file: identical bytes under the same chunk key need only a metadata update. So do
 * they under `alsoCurrent`, a key whose chunks are as good (exact windows, where the run writes keyword-only ones).
 */
export function decideAfterRead(previous: StoredFile | undefined, hash: string, chunkKey: string, alsoCurrent?: string): ReadDecision {
  return previous && previous.hash === hash && (previous.chunkKey === chunkKey || previous.chunkKey === alsoCurrent) ? 'touch' : 'rechunk';
}
