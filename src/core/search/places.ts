import type { StoredChunk } from '../store/storedTypes';
import { unitKey } from './resultFormat';

/** A chunk with a score of one ranker (higher is better). */
export interface Scored {
  chunk: StoredChunk;
  score: number;
}

/**
 * A member answers for its container when it carries at least this share of the container's score: the
 * query then matches a part, not the whole. Below it, the evidence is spread over the container (its
 * name or path, several members), and the container is the answer. A fixed, round value: the sets this
 * project measures on only have member targets, so they cannot tell where it should sit.
 */
export const MEMBER_SHARE = 0.5;

/** Kinds that never contain another unit, most specific first when two ranges are equal. */
const SPECIFICITY: Record<string, number> = { file: 0, class: 1, block: 2, function: 2, method: 2 };

function contains(outer: StoredChunk, inner: StoredChunk): boolean {
  if (outer.file !== inner.file || outer.startLine > inner.startLine || outer.endLine < inner.endLine) return false;
  const sameRange = outer.startLine === inner.startLine && outer.endLine === inner.endLine;
  return !sameRange || (SPECIFICITY[outer.kind] ?? 2) < (SPECIFICITY[inner.kind] ?? 2);
}

function span(c: StoredChunk): number {
  return c.endLine - c.startLine;
}

/**
 * One result per place. Windows of one long unit become one result (the best window, which says where the
 * unit matched). Then a container (file unit, class) that holds other candidates is resolved, innermost
 * containers first: when its best member carries at least MEMBER_SHARE of its score, the member is the
 * answer and ranks by the better of the two scores (the container's evidence raises it); otherwise the
 * container is the answer and its members are not repeated. Scores must be comparable within the list.
 */
export function onePerPlace(candidates: readonly Scored[]): Scored[] {
  const byUnit = new Map<string, Scored>();
  for (const c of candidates) {
    const key = unitKey(c.chunk);
    const seen = byUnit.get(key);
    if (seen === undefined || c.score > seen.score) byUnit.set(key, { ...c });
  }
  const alive = new Set(byUnit.values());
  const containers = [...alive].sort((a, b) => span(a.chunk) - span(b.chunk));
  for (const container of containers) {
    if (!alive.has(container)) continue;
    const members = [...alive].filter((m) => m !== container && contains(container.chunk, m.chunk));
    if (members.length === 0) continue;
    const best = members.reduce((a, b) => (b.score > a.score ? b : a));
    if (container.score <= 0 || best.score >= MEMBER_SHARE * container.score) {
      alive.delete(container);
      best.score = Math.max(best.score, container.score);
    } else {
      for (const m of members) alive.delete(m);
    }
  }
  return [...alive].sort((a, b) => b.score - a.score);
}
