import type { Target } from './retrievalSet';

/** One ranked answer as the CLI's --json output gives it. */
export interface RankedHit {
  file: string;
  startLine: number;
  endLine: number;
  kind?: string;
}

export interface QualityScores {
  queries: number;
  mrr10: number;
  recall1: number;
  recall10: number;
}

/**
 * Whether a hit answers a target: same file, and for a line target overlapping lines. A file-level unit
 * (kind 'file') spans its whole file, so it never counts for a line target: it would "find" every function;
 * likewise a class that holds the target within a larger range (it would "find" every method).
 */
export function hitMatches(hit: RankedHit, target: Target): boolean {
  if (hit.file !== target.file) return false;
  if (!target.lines) return true;
  if (hit.kind === 'file') return false;
  const { start, end } = target.lines;
  if (hit.kind === 'class' && hit.startLine <= start && hit.endLine >= end && hit.endLine - hit.startLine > end - start) return false;
  return hit.startLine <= end && hit.endLine >= start;
}

/** 1-based rank of the first hit that answers any target, or undefined when none does. */
export function firstRelevantRank(hits: readonly RankedHit[], targets: readonly Target[]): number | undefined {
  const index = hits.findIndex((hit) => targets.some((t) => hitMatches(hit, t)));
  return index < 0 ? undefined : index + 1;
}

/**
 * MRR@10 (reciprocal rank of the first correct answer, 0 beyond rank 10) and Recall@1 / Recall@10 (share of
 * queries with a correct answer in the top 1 / 10), averaged over all queries. A query missing from
 * `answers` counts as unanswered.
 */
export function scoreRankings(targets: ReadonlyMap<string, readonly Target[]>, answers: ReadonlyMap<string, readonly RankedHit[]>): QualityScores {
  let rr = 0;
  let at1 = 0;
  let at10 = 0;
  for (const [queryId, queryTargets] of targets) {
    const rank = firstRelevantRank(answers.get(queryId) ?? [], queryTargets);
    if (rank === undefined || rank > 10) continue;
    rr += 1 / rank;
    at10 += 1;
    if (rank === 1) at1 += 1;
  }
  const n = targets.size;
  return n === 0
    ? { queries: 0, mrr10: 0, recall1: 0, recall10: 0 }
    : { queries: n, mrr10: rr / n, recall1: at1 / n, recall10: at10 / n };
}

/** Per-query comparison of two rankers by reciprocal rank@10: how often `a` ranks the answer higher, equal, lower. */
export function compareRankers(
  targets: ReadonlyMap<string, readonly Target[]>,
  a: ReadonlyMap<string, readonly RankedHit[]>,
  b: ReadonlyMap<string, readonly RankedHit[]>,
): { wins: number; ties: number; losses: number } {
  const rr = (answers: ReadonlyMap<string, readonly RankedHit[]>, id: string, t: readonly Target[]): number => {
    const rank = firstRelevantRank(answers.get(id) ?? [], t);
    return rank === undefined || rank > 10 ? 0 : 1 / rank;
  };
  const out = { wins: 0, ties: 0, losses: 0 };
  for (const [id, t] of targets) {
    const d = rr(a, id, t) - rr(b, id, t);
    if (d > 0) out.wins++;
    else if (d < 0) out.losses++;
    else out.ties++;
  }
  return out;
}

/**
 * What ranks above the first correct answer (all ten results when none is correct), counted by kind over
 * all queries; a file unit of the target's own file counts as `file (target's)`. Shows what competes for
 * rank 1: blocks of data, file units, other functions.
 */
export function kindsAboveTarget(targets: ReadonlyMap<string, readonly Target[]>, answers: ReadonlyMap<string, readonly RankedHit[]>, k = 10): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [queryId, queryTargets] of targets) {
    const hits = (answers.get(queryId) ?? []).slice(0, k);
    const rank = firstRelevantRank(hits, queryTargets) ?? hits.length + 1;
    for (const hit of hits.slice(0, rank - 1)) {
      const kind = hit.kind === 'file' && queryTargets.some((t) => t.file === hit.file) ? "file (target's)" : (hit.kind ?? 'document');
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  return counts;
}
