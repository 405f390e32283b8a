/**
 * The baseline every lexical claim is measured against: plain Okapi BM25 over identifier-split tokens.
 * No stemming, no stop words, no fields, no weights; one bag of words per document. Written here on
 * purpose (not SQLite FTS5) so that it shares nothing with the engine it is compared to.
 */

const WORD = /[A-Za-z0-9]+/g;

/** Lower-case words of a text, with identifiers split on camelCase, PascalCase, acronyms, digits and `_`. */
export function baselineTokens(text: string): string[] {
  const out: string[] = [];
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2');
  for (const m of spaced.matchAll(WORD)) out.push(m[0].toLowerCase());
  return out;
}

export interface Bm25Parameters {
  k1: number;
  b: number;
}

export const BM25_DEFAULTS: Bm25Parameters = { k1: 1.2, b: 0.75 };

export interface Bm25Hit {
  doc: number;
  score: number;
}

/** An in-memory inverted index with BM25 scoring (Lucene's IDF: ln(1 + (N - df + 0.5) / (df + 0.5))). */
export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private totalLength = 0;

  constructor(
    documents: readonly string[],
    private readonly params: Bm25Parameters = BM25_DEFAULTS,
    private readonly tokenize: (text: string) => string[] = baselineTokens,
  ) {
    documents.forEach((text, doc) => {
      const tokens = this.tokenize(text);
      this.lengths.push(tokens.length);
      this.totalLength += tokens.length;
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, count] of tf) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf: count });
      }
    });
  }

  get size(): number {
    return this.lengths.length;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The best `k` documents for the query (each distinct query term counted once), best first; ties by doc order. */
  search(query: string, k: number): Bm25Hit[] {
    const { k1, b } = this.params;
    const avgLength = this.size === 0 ? 0 : this.totalLength / this.size;
    const scores = new Map<number, number>();
    for (const term of new Set(this.tokenize(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        const norm = tf + k1 * (1 - b + (b * this.lengths[doc]!) / avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (k1 + 1)) / norm);
      }
    }
    return [...scores.entries()]
      .map(([doc, score]) => ({ doc, score }))
      .sort((x, y) => y.score - x.score || x.doc - y.doc)
      .slice(0, k);
  }
}
