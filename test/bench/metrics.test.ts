import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRankers, firstRelevantRank, hitMatches, scoreRankings, type RankedHit } from '../../bench/lib/metrics';
import type { Target } from '../../bench/lib/retrievalSet';

const hit = (file: string, startLine = 1, endLine = 1, kind = 'function'): RankedHit => ({ file, startLine, endLine, kind });

test('a file target matches any hit in that file; a line target needs overlapping lines and not a file unit', () => {
  assert.equal(hitMatches(hit('a.py'), { file: 'a.py' }), true);
  assert.equal(hitMatches(hit('b.py'), { file: 'a.py' }), false);
  const lines: Target = { file: 'x.ts', lines: { start: 10, end: 20 } };
  assert.equal(hitMatches(hit('x.ts', 18, 30), lines), true);
  assert.equal(hitMatches(hit('x.ts', 20, 20), lines), true);
  assert.equal(hitMatches(hit('x.ts', 21, 40), lines), false);
  assert.equal(hitMatches(hit('x.ts', 1, 9), lines), false);
  assert.equal(hitMatches(hit('x.ts', 1, 100, 'file'), lines), false);
});

test('the first relevant rank is 1-based and considers every target', () => {
  const hits = [hit('a.py'), hit('b.py'), hit('c.py')];
  assert.equal(firstRelevantRank(hits, [{ file: 'b.py' }]), 2);
  assert.equal(firstRelevantRank(hits, [{ file: 'c.py' }, { file: 'a.py' }]), 1);
  assert.equal(firstRelevantRank(hits, [{ file: 'z.py' }]), undefined);
});

test('MRR@10 and recall average over all queries, counting misses, answers past rank 10 and missing answers as 0', () => {
  const targets = new Map<string, Target[]>([
    ['q1', [{ file: 'gold1.py' }]],
    ['q2', [{ file: 'gold2.py' }]],
    ['q3', [{ file: 'gold3.py' }]],
    ['q4', [{ file: 'gold4.py' }]],
  ]);
  const filler = (n: number): RankedHit[] => Array.from({ length: n }, (_, i) => hit(`other${i}.py`));
  const answers = new Map<string, RankedHit[]>([
    ['q1', [hit('gold1.py')]], // rank 1
    ['q2', [...filler(3), hit('gold2.py')]], // rank 4
    ['q3', [...filler(10), hit('gold3.py')]], // rank 11: beyond the cut-off
    // q4 unanswered
  ]);
  const s = scoreRankings(targets, answers);
  assert.equal(s.queries, 4);
  assert.equal(s.mrr10, (1 + 1 / 4) / 4);
  assert.equal(s.recall1, 1 / 4);
  assert.equal(s.recall10, 2 / 4);
});

test('an empty set scores zero rather than NaN', () => {
  assert.deepEqual(scoreRankings(new Map(), new Map()), { queries: 0, mrr10: 0, recall1: 0, recall10: 0 });
});

test('rankers are compared per query by reciprocal rank, ranks past 10 counting as misses', () => {
  const targets = new Map<string, Target[]>([['q1', [{ file: 'g.py' }]], ['q2', [{ file: 'g.py' }]], ['q3', [{ file: 'g.py' }]]]);
  const a = new Map<string, RankedHit[]>([['q1', [hit('g.py')]], ['q2', [hit('x.py'), hit('g.py')]]]);
  const b = new Map<string, RankedHit[]>([['q1', [hit('x.py'), hit('g.py')]], ['q2', [hit('x.py'), hit('g.py')]], ['q3', [hit('g.py')]]]);
  assert.deepEqual(compareRankers(targets, a, b), { wins: 1, ties: 1, losses: 1 });
});
