import Database from 'better-sqlite3';
import { Bm25Index, BM25_DEFAULTS } from '../lib/bm25Baseline';
import type { RankedHit } from '../lib/metrics';
import type { RetrievalSet } from '../lib/retrievalSet';

export interface BaselineRun {
  /** What the baseline ranks: whole corpus documents, or the engine's chunks (for line targets). */
  unit: 'document' | 'chunk';
  answers: Map<string, RankedHit[]>;
  units: number;
}

function rankAll(set: RetrievalSet, texts: string[], hitOf: (doc: number) => RankedHit, k: number): Map<string, RankedHit[]> {
  const index = new Bm25Index(texts, BM25_DEFAULTS);
  return new Map(set.queries.map((q) => [q.id, index.search(q.text, k).map((h) => hitOf(h.doc))]));
}

/**
 * Plain BM25 (k1 1.2, b 0.75, identifier-split tokens, no stemming, no fields) on the same corpus.
 * A corpus set is ranked by document. A repo set's targets are line ranges, so a whole file cannot answer
 * them: there the baseline ranks the very chunks the engine indexed (read from its store), which isolates
 * the ranking function from the chunking. With `namedUnitsOnly` it ranks the functions, methods and classes
 * alone (no file units, no blocks): a stronger baseline on data-heavy repositories, where blocks of
 * strings are what plain BM25 gets wrong.
 */
export function runBaseline(set: RetrievalSet, indexDb: string, k = 10, options: { namedUnitsOnly?: boolean } = {}): BaselineRun {
  if (set.kind === 'corpus') {
    const answers = rankAll(set, set.documents.map((d) => d.text), (doc) => ({ file: set.documents[doc]!.file, startLine: 1, endLine: 1 }), k);
    return { unit: 'document', answers, units: set.documents.length };
  }
  const db = new Database(indexDb, { readonly: true });
  try {
    const only = options.namedUnitsOnly ? "where kind in ('function', 'method', 'class')" : '';
    const chunks = db.prepare(`select file, start_line as startLine, end_line as endLine, kind, text from chunks ${only} order by id`).all() as (RankedHit & { text: string })[];
    const answers = rankAll(set, chunks.map((c) => c.text), (doc) => {
      const c = chunks[doc]!;
      return { file: c.file, startLine: c.startLine, endLine: c.endLine, ...(c.kind !== undefined && { kind: c.kind }) };
    }, k);
    return { unit: 'chunk', answers, units: chunks.length };
  } finally {
    db.close();
  }
}
