import type { ScannedFile } from '../types';
import type { StoredFile } from '../store/storedTypes';

/** What an index run must do, decided from file metadata alone (no file is read to make this plan). */
export interface IndexPlan {
  /** Same size, mtime and chunk key as stored: nothing to do. */
  unchanged: string[];
  /** New, or size/mtime/chunk key differ: read, hash, and re-chunk if the bytes changed. */
  toRead: ScannedFile[];
  /** Stored but no longer found (deleted, now ignored, or now too large). */
  toRemove: string[];
}

/**
 * Plans a run by comparing the scan with the store. `scope`, when given, limits the run to those paths
 * (a save or a watcher batch): stored files outside it are neither checked nor removed.
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
    if (previous && previous.size === file.size && previous.mtimeMs === file.mtimeMs && previous.chunkKey === chunkKey) {
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

export type ReadDecision = 'rechunk' | 'touch';

/** After reading a planned file: identical bytes under the same chunk key need only a metadata update. */
export function decideAfterRead(previous: StoredFile | undefined, hash: string, chunkKey: string): ReadDecision {
  return previous && previous.hash === hash && previous.chunkKey === chunkKey ? 'touch' : 'rechunk';
}
