import type { FolderResult } from '../shared/protocol';

/**
 * Merges the ranked lists of several folders into one of length `k`. Cosine similarities are comparable
 * across folders, so semantic lists merge by score; BM25 and fused scores are not, so other lists are
 * interleaved by rank (first of each folder, then second of each...), keeping each folder's order.
 */
export function mergeRanked(lists: readonly (readonly FolderResult[])[], k: number, scoresComparable: boolean): FolderResult[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0]!.slice(0, k);
  if (scoresComparable) return nonEmpty.flat().sort((a, b) => b.score - a.score).slice(0, k);
  const merged: FolderResult[] = [];
  for (let rank = 0; merged.length < k && nonEmpty.some((l) => rank < l.length); rank++) {
    for (const list of nonEmpty) {
      const item = list[rank];
      if (item && merged.length < k) merged.push(item);
    }
  }
  return merged;
}
