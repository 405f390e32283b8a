import { stemWord } from '../store/lexicalText';

/**
 * BM25F (Robertson, Zaragoza and Taylor, "Simple BM25 extension to multiple weighted fields", 2004) for
 * the second stage of lexical ranking. SQLite FTS5's bm25() weighs fields too, but normalises a unit's
 * term frequencies by the length of the whole row and saturates with k1 = 1.2, both fixed. For code units
 * the row is mostly body: a long function whose name is the query lost to any short one that mentions
 * the words. BM25F normalises each field by its own length against that field's average (a name against
 * names, a body against bodies), then sums the weighted frequencies and saturates once.
 *
 * k1 is 2 rather than 1.2 because the field weights multiply the frequencies before saturation: with
 * k1 = 1.2 one occurrence in the name (weight 6) already scores 83% of the most a term can give, and the
 * weights barely tell a name from a body. Measured on the bench's six sets against FTS5's ranking
 * (BENCHMARKS.md, findings): better or equal on all of them; k1 and b were not tuned beyond that check.
 */
export const BM25F_K1 = 2;
/** Length normalisation of every field, BM25's usual value. */
export const BM25F_B = 0.75;

/** What BM25F needs from the whole index. */
export interface Bm25fStats {
  /** Rows (chunks) in the lexical index. */
  rows: number;
  /** Average tokens per row, for each field in weight order. */
  averageLength: readonly number[];
  /** Rows holding each (stemmed) term in any field. */
  documentFrequency: ReadonlyMap<string, number>;
}

/** Inverse document frequency as FTS5's bm25() computes it (never negative for very common terms). */
export function inverseDocumentFrequency(rows: number, frequency: number): number {
  const idf = Math.log((rows - frequency + 0.5) / (frequency + 0.5));
  return idf > 0 ? idf : 1e-6;
}

/**
 * The query terms worth matching: a term in half the rows or more has no positive idf (FTS5's bm25() and
 * BM25F both score it 1e-6), so it cannot lift a document, yet scoring every row it matches is most of a
 * query's time on a large index. All terms when none is informative (a query of only such words).
 */
export function informativeTerms(terms: readonly string[], stemOf: (term: string) => string, rows: number, documentFrequency: ReadonlyMap<string, number>): readonly string[] {
  const informative = terms.filter((t) => 2 * (documentFrequency.get(stemOf(t)) ?? 0) < rows);
  return informative.length > 0 ? informative : terms;
}

/** A field's length normalisation: its length against the index's average for that field (1 for an empty average). */
export function fieldLengthNorm(length: number, average: number): number {
  return average > 0 ? 1 - BM25F_B + (BM25F_B * length) / average : 1;
}

/** A term's score from its weighted frequency (BM25F's, or proximity's), saturated once with k1. */
export function saturatedScore(idf: number, frequency: number): number {
  return (idf * frequency * (BM25F_K1 + 1)) / (frequency + BM25F_K1);
}

/** One field of a document as BM25F reads it: its length in tokens, and how often each query term occurs. */
export interface FieldTerms {
  length: number;
  counts: ReadonlyMap<string, number>;
  /** Where query terms occur: word positions in the field, in order, with the stem found there. */
  matches?: readonly (readonly [position: number, stem: string])[];
}

/**
 * Counts the query's stems in one stored field (words separated by spaces, as the index holds them).
 * Only words that start like a query stem are stemmed: Porter's rules rewrite endings, never the first
 * letter, so the others cannot match.
 */
export function fieldTerms(field: string, stems: ReadonlySet<string>): FieldTerms {
  const counts = new Map<string, number>();
  const matches: [number, string][] = [];
  if (field === '') return { length: 0, counts, matches };
  const firsts = new Set([...stems].map((s) => s.charCodeAt(0)));
  let length = 0;
  for (const word of field.split(' ')) {
    if (word === '') continue;
    length++;
    if (!firsts.has(word.charCodeAt(0))) continue;
    const stem = stemWord(word);
    if (!stems.has(stem)) continue;
    counts.set(stem, (counts.get(stem) ?? 0) + 1);
    matches.push([length - 1, stem]);
  }
  return { length, counts, matches };
}

/**
 * The BM25F score of one document for a set of distinct (stemmed) query terms, its fields in the order
 * of `weights`.
 */
export function bm25fScore(terms: Iterable<string>, fields: readonly FieldTerms[], stats: Bm25fStats, weights: readonly number[]): number {
  let score = 0;
  for (const term of terms) {
    let frequency = 0;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      const count = field.counts.get(term) ?? 0;
      if (count === 0) continue;
      frequency += ((weights[f] ?? 0) * count) / fieldLengthNorm(field.length, stats.averageLength[f] ?? 0);
    }
    if (frequency === 0) continue;
    const idf = inverseDocumentFrequency(stats.rows, stats.documentFrequency.get(term) ?? 0);
    score += saturatedScore(idf, frequency);
  }
  return score;
}
