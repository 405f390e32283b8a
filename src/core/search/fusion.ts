/** Reciprocal rank fusion's usual constant (Cormack et al.): damps the head so neither list dominates. */
export const RRF_K = 60;

/**
 * Fuses ranked lists of ids by reciprocal rank: score(id) = Σ 1 / (k + rank). Ids missing from a list
 * contribute nothing for it. Ties keep the order of first appearance, so the result is deterministic.
 */
export function reciprocalRankFusion<T>(lists: readonly (readonly T[])[], k = RRF_K): { id: T; score: number }[] {
  const scores = new Map<T, number>();
  for (const list of lists) {
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1)));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
