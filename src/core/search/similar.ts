import { CodeloupeError } from '../errors';
import { queryTerms } from '../store/lexicalText';
import { chunkCode, type StoredChunk } from '../store/storedTypes';
import type { SearchResult } from '../types';
import { onePerPlace } from './places';
import { toResult, unitKey } from './resultFormat';
import { lexicalRanking, semanticReadiness, vectorRanking, type SearchSources } from './searcher';

export type SimilarTarget = { file: string; line: number } | { code: string };

export interface SimilarAnswer {
  /** The chunk the search started from, when the target was a location. */
  query?: StoredChunk;
  results: SearchResult[];
  /** 'semantic' when stored vectors answered; 'lexical' when there were none to use. */
  mode: 'semantic' | 'lexical';
  /** With mode 'lexical': why vectors could not answer. */
  lexicalOnly?: string;
}

const KIND_PREFERENCE: Record<string, number> = { function: 0, method: 0, class: 1, block: 2, file: 3 };

/** The unit a location means: the innermost function or method, else class, else block, else file. */
export function unitAt(chunks: readonly StoredChunk[]): StoredChunk | undefined {
  return [...chunks].sort(
    (a, b) => (KIND_PREFERENCE[a.kind] ?? 9) - (KIND_PREFERENCE[b.kind] ?? 9) || a.endLine - a.startLine - (b.endLine - b.startLine),
  )[0];
}

function overlaps(a: StoredChunk, b: StoredChunk): boolean {
  return a.file === b.file && a.startLine <= b.endLine && b.startLine <= a.endLine;
}

/**
 * Finds the code most similar to a location or a snippet elsewhere in the index. For a location it uses
 * the vector already stored for that chunk (no model call), and never returns the chunk itself, chunks
 * overlapping it, or file summaries.
 */
export async function findSimilar(
  sources: SearchSources & { embedDocument?: (code: string) => Promise<Float32Array> },
  target: SimilarTarget,
  k: number,
): Promise<SimilarAnswer> {
  const depth = Math.max(50, k * 5);
  const readiness = semanticReadiness(sources);
  let query: StoredChunk | undefined;
  let vector: Float32Array | undefined;
  let code: string;
  if ('file' in target) {
    query = unitAt(sources.store.chunksAt(target.file, target.line));
    if (!query) {
      throw new CodeloupeError('E_BAD_ARGUMENT', `No indexed code at ${target.file}:${target.line}.`, {
        hint: 'Check the path (relative to the indexed folder) and line, and that the file is indexed (codeloupe status).',
      });
    }
    code = chunkCode(query);
    if (readiness.ready) vector = sources.store.vectorOf(query.contentHash)?.vector;
  } else {
    code = target.code;
    if (readiness.ready && sources.embedDocument) vector = await sources.embedDocument(code);
  }

  const keep = (chunk: StoredChunk): boolean =>
    !(query && (chunk.id === query.id || overlaps(chunk, query) || unitKey(chunk) === unitKey(query))) && (chunk.kind !== 'file' || query?.kind === 'file');

  // One result per place, as in search; no prior: code like the query's is the answer whatever its kind.
  if (vector && readiness.ready) {
    const ranked = onePerPlace(vectorRanking(sources.store, readiness.vectors, vector, depth + 1).filter((r) => keep(r.chunk)));
    return { ...(query && { query }), mode: 'semantic', results: ranked.slice(0, k).map((r) => toResult(r.chunk, r.score, ['semantic'])) };
  }
  const lexicalOnly = readiness.ready ? ('file' in target ? 'no vector is stored for this unit (it could not be embedded)' : 'no model is loaded to embed the code') : readiness.reason;
  const ranked = onePerPlace(lexicalRanking(sources.store, queryTerms(code.slice(0, 4000)), depth).filter((r) => keep(r.chunk)));
  return { ...(query && { query }), mode: 'lexical', lexicalOnly, results: ranked.slice(0, k).map((r) => toResult(r.chunk, r.score, ['lexical'])) };
}
