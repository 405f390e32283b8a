import { fieldLengthNorm, inverseDocumentFrequency, saturatedScore, type Bm25fStats, type FieldTerms } from './bm25f';

/**
 * Term proximity, added to BM25F in the second stage of lexical ranking: BM25TP (Rasolofo and Savoy, "Term
 * proximity scoring for keyword-based retrieval systems", ECIR 2003), with its published window and decay.
 * BM25 scores words as if their order meant nothing, so "read file line by line" ranks a unit that reads a
 * config file and prints one line the same as `read_lines(file)`. Every two different query terms that occur
 * within five words of each other in one field (a split identifier's words are adjacent) add 1/d² to both
 * terms' proximity weight, which saturates like a term frequency and counts at most as much as a rare term.
 * Measured on the bench's six sets (BENCHMARKS.md, findings): better or equal on all of them; the window
 * and decay were taken from the paper, not tuned.
 */
export const PROXIMITY_WINDOW = 5;

/**
 * The proximity score of one document, its fields in the order of `weights` and `stats.averageLength`. As in
 * BM25F, each field's pair weight is normalised by that field's own length and weighted like its terms, so a
 * name that reads as the query counts in a long function as much as in a short one.
 */
export function proximityScore(fields: readonly FieldTerms[], stats: Bm25fStats, weights: readonly number[]): number {
  const weight = new Map<string, number>();
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const matches = field.matches ?? [];
    if (matches.length < 2 || (weights[f] ?? 0) === 0) continue;
    const scale = (weights[f] ?? 0) / fieldLengthNorm(field.length, stats.averageLength[f] ?? 0);
    for (let i = 0; i < matches.length; i++) {
      const [at, stem] = matches[i]!;
      for (let j = i + 1; j < matches.length; j++) {
        const [other, otherStem] = matches[j]!;
        const distance = other - at;
        if (distance > PROXIMITY_WINDOW) break;
        if (otherStem === stem) continue;
        const closeness = scale / (distance * distance);
        weight.set(stem, (weight.get(stem) ?? 0) + closeness);
        weight.set(otherStem, (weight.get(otherStem) ?? 0) + closeness);
      }
    }
  }
  let score = 0;
  for (const [stem, w] of weight) {
    const idf = Math.min(1, inverseDocumentFrequency(stats.rows, stats.documentFrequency.get(stem) ?? 0));
    score += saturatedScore(idf, w);
  }
  return score;
}
