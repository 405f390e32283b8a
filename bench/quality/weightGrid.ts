/**
 * `node --import tsx bench/quality/weightGrid.ts [--work DIR] [--set NAME ...]`
 *
 * Re-ranks the indexes left by the last `npm run bench:quality` with other lexical field weights, to see
 * how sensitive lexical quality is to them (no re-indexing: FTS5 takes the weights at query time). It
 * follows the lexical path of src/core/search/searcher.ts (query terms, OR match, BM25 with weights, the
 * priors and one result per place) and scores MRR@10 per set. It prints; it changes nothing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FIELD_WEIGHTS, IndexStore, type FieldWeights } from '../../src/core/store/store';
import { ftsMatchExpression, queryTerms } from '../../src/core/store/lexicalText';
import { nullLogger } from '../../src/core/logger';
import { resultsOf } from '../../src/core/search/searcher';
import { scoreRankings, type RankedHit } from '../lib/metrics';
import { loadRetrievalSet, type RetrievalSet } from '../lib/retrievalSet';
import { docSetName } from '../docset/buildDocSet';
import { DOC_SET_SOURCES } from '../docset/sources';

function rank(store: IndexStore, set: RetrievalSet, weights: FieldWeights): number {
  const answers = new Map<string, RankedHit[]>();
  for (const q of set.queries) {
    const match = ftsMatchExpression(queryTerms(q.text).slice(0, 64));
    const hits = match ? store.lexicalSearch(match, 50, weights) : [];
    const chunks = store.getChunks(hits.map((h) => h.chunkId));
    const candidates = hits.flatMap((h) => {
      const chunk = chunks.get(h.chunkId);
      return chunk ? [{ chunk, score: -h.bm25 }] : [];
    });
    const ranked = resultsOf(candidates).map((r) => ({ file: r.chunk.file, startLine: r.chunk.startLine, endLine: r.chunk.endLine, kind: r.chunk.kind }));
    answers.set(q.id, ranked.slice(0, 10));
  }
  return scoreRankings(set.targets, answers).mrr10;
}

const { values } = parseArgs({ options: { work: { type: 'string' }, set: { type: 'string', multiple: true } } });
const work = resolve(values.work ?? '.artifacts/bench');
const sources: Record<string, string> = {
  'cosqa-dev': resolve('..', 'shared', 'bench', 'cosqa-dev'),
  ...Object.fromEntries(DOC_SET_SOURCES.map((s) => [docSetName(s), join(work, 'sets', docSetName(s))])),
};
const names = values.set ?? Object.keys(sources);
const runs = names.map((name) => {
  const indexFile = join(work, 'quality', name, 'index', 'index.sqlite');
  if (!existsSync(indexFile) || !sources[name]) throw new Error(`No index for set ${name} under ${work}/quality: run npm run bench:quality first.`);
  return { name, set: loadRetrievalSet(sources[name], name), store: IndexStore.open(indexFile, nullLogger).store };
});

const rows: { weights: FieldWeights; mrr: number[] }[] = [];
for (const name of [2, 4, 6, 10]) {
  for (const signature of [1, 3, 5]) {
    for (const doc of [1, 2, 4]) {
      for (const path of [0, 2]) {
        const weights = { name, signature, doc, body: 1, path };
        rows.push({ weights, mrr: runs.map((r) => rank(r.store, r.set, weights)) });
      }
    }
  }
}
rows.sort((a, b) => b.mrr[0]! - a.mrr[0]!);
const line = (label: string, mrr: number[]): string => `${mrr.map((m) => m.toFixed(4)).join('  ')}  ${label}`;
console.log(`MRR@10 per set (${names.join(', ')}), best first by the first set:`);
for (const r of rows) console.log(line(JSON.stringify(r.weights), r.mrr));
console.log(line(`default ${JSON.stringify(DEFAULT_FIELD_WEIGHTS)}`, runs.map((r) => rank(r.store, r.set, DEFAULT_FIELD_WEIGHTS))));
console.log(line('body only (one field)', runs.map((r) => rank(r.store, r.set, { name: 0, signature: 0, doc: 0, body: 1, path: 0 }))));
for (const r of runs) r.store.close();
