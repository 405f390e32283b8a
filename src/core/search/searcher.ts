import { CodeloupeError } from '../errors';
import { ftsMatchExpression, queryTerms, stemWord } from '../store/lexicalText';
import { DEFAULT_FIELD_WEIGHTS, type IndexStore, type LexicalHit } from '../store/store';
import type { StoredChunk } from '../store/storedTypes';
import type { VectorIndex } from '../store/vectorIndex';
import type { SearchMode, SearchResult } from '../types';
import { bm25fScore, fieldTerms, informativeTerms, type Bm25fStats } from './bm25f';
import { proximityScore } from './proximity';
import { reciprocalRankFusion } from './fusion';
import { onePerPlace, type Scored } from './places';
import { unitPrior } from './prior';
import { toResult } from './resultFormat';
import { englishWords } from './englishWords';
import { correctSpelling, type SpellingCorrection } from './spelling';

/**
 * What search needs: the store, and, when a model is loaded and vectors exist, the vectors with a way to
 * embed a query (both or neither); otherwise why semantic search is unavailable.
 */
export interface SearchSources {
  store: IndexStore;
  vectors?: VectorIndex;
  embedQuery?: (query: string) => Promise<Float32Array>;
  semanticUnavailable?: string;
}

export interface SearchAnswer {
  results: SearchResult[];
  /** Query words that matched nothing and were searched as the indexed word one typo away (spelling.ts). */
  corrected?: SpellingCorrection[];
  /**
   * Set when semantic ranking was asked for but cannot run (no model, no vectors yet, vectors of another
   * model): why, in neutral words. The results are then keyword matches only.
   */
  lexicalOnly?: string;
}

export interface SearchOptions {
  k: number;
  mode: SearchMode;
  /**
   * What a semantic-only search does when semantic ranking cannot run: answer by keywords and say why
   * (true: the engine server, the MCP server), or fail with E_MODEL_UNAVAILABLE (false, the default: the
   * CLI's `--mode semantic`). A hybrid search always answers, by keywords alone when it must.
   */
  lexicalFallback?: boolean;
}

/**
 * Whether semantic ranking can run on these sources, and why not when it cannot: the one place that
 * decides the fall back to keywords, for search and find-similar alike.
 */
export function semanticReadiness(sources: SearchSources): { ready: true; vectors: VectorIndex } | { ready: false; reason: string } {
  if (sources.vectors !== undefined && sources.vectors.size > 0 && sources.semanticUnavailable === undefined) return { ready: true, vectors: sources.vectors };
  return { ready: false, reason: sources.semanticUnavailable ?? 'the index has no vectors yet' };
}

type Ranked = Scored;

/** A snippet used as a query (find similar without vectors) is cut to this many distinct terms. */
const MAX_QUERY_TERMS = 64;

/** How many candidates each ranker contributes before fusion and window collapsing. */
function candidateDepth(k: number): number {
  return Math.max(50, k * 5);
}

/**
 * Document frequencies of stems, each read from the index once per query: a frequency costs a walk of the
 * word's whole posting list (fts5vocab), and spelling correction and ranking ask for the same words.
 */
export class QueryFrequencies {
  private readonly known = new Map<string, number>();

  constructor(private readonly store: IndexStore) {}

  /** A fresh map of the stems' frequencies (the caller may change it). */
  of(stems: readonly string[]): Map<string, number> {
    const missing = stems.filter((s) => !this.known.has(s));
    if (missing.length > 0) for (const [stem, n] of this.store.lexicalDocumentFrequencies(missing)) this.known.set(stem, n);
    return new Map(stems.map((s) => [s, this.known.get(s) ?? 0]));
  }
}

/**
 * Keyword candidates in two stages: FTS5's bm25() picks the `depth` best rows among those holding an
 * informative query word (bm25f.ts `informativeTerms`; all words when fewer rows hold one), then BM25F
 * (bm25f.ts) ranks them again with each field normalised by its own length, plus term proximity
 * (proximity.ts), over all the query's words.
 */
export function lexicalRanking(store: IndexStore, queryWords: readonly string[], depth: number, frequencies = new QueryFrequencies(store)): Ranked[] {
  const terms = queryWords.slice(0, MAX_QUERY_TERMS);
  const totals = terms.length > 0 ? store.lexicalTotals() : undefined;
  if (!totals) return [];
  const stems = new Set(terms.map(stemWord));
  const documentFrequency = frequencies.of([...stems]);
  const informative = informativeTerms(terms, stemWord, totals.rows, documentFrequency);
  let hits = store.lexicalSearch(ftsMatchExpression(informative)!, depth);
  // Too few rows hold an informative word: the rest of the candidates come from the common words after all.
  if (hits.length < depth && informative.length < terms.length) hits = store.lexicalSearch(ftsMatchExpression(terms)!, depth);
  const scores = bm25fScores(store, stems, hits, { rows: totals.rows, averageLength: totals.averageLength, documentFrequency });
  const chunks = store.getChunks(hits.map((h) => h.chunkId));
  const ranked = hits.flatMap((h, i) => {
    const chunk = chunks.get(h.chunkId);
    return chunk ? [{ chunk, score: scores[i]! }] : [];
  });
  // Stable: equal scores keep FTS5's order (by bm25, then by location).
  return ranked.sort((a, b) => b.score - a.score);
}

/** A typed query's words, misspelt ones corrected against the index (spelling.ts) when the word list loads. */
export function lexicalQuery(store: IndexStore, text: string, frequencies = new QueryFrequencies(store)): { terms: string[]; corrections: SpellingCorrection[] } {
  const terms = queryTerms(text);
  const english = englishWords();
  if (english === undefined || terms.length === 0) return { terms, corrections: [] };
  return correctSpelling(terms, { documentFrequency: (stems) => frequencies.of(stems), stem: stemWord, english });
}

/** The path comes last among the lexical fields (name, signature, doc, body, path). */
const PATH_FIELD = 4;

/** BM25F scores of the hits with term proximity added, in their order. */
function bm25fScores(store: IndexStore, stems: ReadonlySet<string>, hits: readonly LexicalHit[], stats: Bm25fStats & { documentFrequency: Map<string, number> }): number[] {
  if (hits.length === 0) return [];
  const fieldsById = store.lexicalFields(hits.map((h) => h.chunkId));
  const documents = hits.map((h) => (fieldsById.get(h.chunkId) ?? []).map((field) => fieldTerms(field, stems)));
  // A stem the index's tokenizer wrote differently still counts at least the candidates that hold it.
  for (const stem of stems) {
    const held = documents.filter((fields) => fields.some((field) => field.counts.has(stem))).length;
    if (held > (stats.documentFrequency.get(stem) ?? 0)) stats.documentFrequency.set(stem, held);
  }
  const w = DEFAULT_FIELD_WEIGHTS;
  const weights = [w.name, w.signature, w.doc, w.body, w.path];
  // The path's words are locations, not phrases: its pairs do not count.
  const pairWeights = weights.map((weight, f) => (f === PATH_FIELD ? 0 : weight));
  return documents.map((fields) => bm25fScore(stems, fields, stats, weights) + proximityScore(fields, stats, pairWeights));
}

export function vectorRanking(store: IndexStore, vectors: VectorIndex, query: Float32Array, depth: number, accept?: (id: number) => boolean): Ranked[] {
  const hits = vectors.search(query, depth, accept);
  const chunksById = store.chunksByVectorIds(hits.map((h) => h.id));
  return hits.flatMap((h) => (chunksById.get(h.id) ?? []).map((chunk) => ({ chunk, score: h.similarity })));
}

/** A score weighed by the unit's prior (see prior.ts); a negative similarity is weighed the other way. */
function weighed(r: Ranked): Ranked {
  const prior = unitPrior(r.chunk);
  return { chunk: r.chunk, score: r.score >= 0 ? r.score * prior : r.score / prior };
}

/** One ranker's candidates as results: weighed by their priors, one per place, best first. */
export function resultsOf(ranked: readonly Ranked[]): Ranked[] {
  return onePerPlace(ranked.map(weighed));
}

export async function search(sources: SearchSources, query: string, options: SearchOptions): Promise<SearchAnswer> {
  const { k } = options;
  const depth = candidateDepth(k);
  const readiness = options.mode === 'lexical' ? undefined : semanticReadiness(sources);
  let mode = options.mode;
  let lexicalOnly: string | undefined;
  if (readiness?.ready === false) {
    if (mode === 'semantic' && options.lexicalFallback !== true) {
      throw new CodeloupeError('E_MODEL_UNAVAILABLE', `Semantic search is unavailable: ${readiness.reason.replace(/\.+$/, '')}.`, {
        hint: 'Index with a model (--model DIR), or search with --mode lexical or hybrid.',
      });
    }
    mode = 'lexical';
    lexicalOnly = readiness.reason;
  }
  const frequencies = new QueryFrequencies(sources.store);
  const words = mode === 'semantic' ? { terms: queryTerms(query), corrections: [] } : lexicalQuery(sources.store, query, frequencies);
  const results = await rank(sources, query, words.terms, k, mode, depth, frequencies);
  return { results, ...(lexicalOnly !== undefined && { lexicalOnly }), ...(words.corrections.length > 0 && { corrected: words.corrections }) };
}

async function rank(sources: SearchSources, query: string, terms: readonly string[], k: number, mode: SearchMode, depth: number, frequencies: QueryFrequencies): Promise<SearchResult[]> {
  const lexical = mode === 'semantic' ? [] : resultsOf(lexicalRanking(sources.store, terms, depth, frequencies));
  let semantic: Ranked[] = [];
  if (mode !== 'lexical') {
    const vector = await sources.embedQuery!(query);
    semantic = resultsOf(vectorRanking(sources.store, sources.vectors!, vector, depth));
  }
  // The query's words (as corrected) pick each result's best-matching line (what a result list shows).
  if (mode === 'lexical' || semantic.length === 0) return lexical.slice(0, k).map((r) => toResult(r.chunk, r.score, ['lexical'], terms));
  if (mode === 'semantic' || lexical.length === 0) return semantic.slice(0, k).map((r) => toResult(r.chunk, r.score, ['semantic'], terms));
  return fuse(lexical, semantic, k, terms);
}

/**
 * Reciprocal rank fusion of the two lists (each already one result per place), then one result per place
 * again: the lists may have chosen a container and its member for one place.
 */
function fuse(lexical: readonly Ranked[], semantic: readonly Ranked[], k: number, terms: readonly string[]): SearchResult[] {
  const byId = new Map<number, StoredChunk>();
  for (const r of [...semantic, ...lexical]) byId.set(r.chunk.id, r.chunk);
  const lexicalIds = new Set(lexical.map((r) => r.chunk.id));
  const semanticIds = new Set(semantic.map((r) => r.chunk.id));
  const fused = reciprocalRankFusion([semantic.map((r) => r.chunk.id), lexical.map((r) => r.chunk.id)]);
  return onePerPlace(fused.map((f) => ({ chunk: byId.get(f.id)!, score: f.score })))
    .slice(0, k)
    .map((r) => {
      const matchedBy: SearchResult['matchedBy'] = [];
      if (semanticIds.has(r.chunk.id)) matchedBy.push('semantic');
      if (lexicalIds.has(r.chunk.id)) matchedBy.push('lexical');
      return toResult(r.chunk, r.score, matchedBy, terms);
    });
}
