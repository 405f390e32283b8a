import { codeTokens } from '../store/lexicalText';
import { chunkCode, type StoredChunk } from '../store/storedTypes';
import type { SearchResult } from '../types';

const SNIPPET_LINES = 6;

/** A short snippet: the chunk's first non-blank lines, trimmed of common indentation. */
export function snippetOf(chunk: StoredChunk, maxLines = SNIPPET_LINES): string {
  const lines = chunkCode(chunk).split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  const head = lines.slice(0, maxLines);
  const indent = Math.min(...head.filter((l) => l.trim() !== '').map((l) => l.match(/^\s*/)![0].length));
  return head.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n').trimEnd();
}

/**
 * A result from a stored chunk. `terms` (the query's words, see queryTerms) picks its best-matching line;
 * find-similar, which has no words, passes none.
 */
export function toResult(chunk: StoredChunk, score: number, matchedBy: SearchResult['matchedBy'], terms?: readonly string[]): SearchResult {
  const best = terms && terms.length > 0 ? bestLine(chunk, terms) : undefined;
  return {
    file: chunk.file,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
    name: chunk.name,
    kind: chunk.kind,
    language: chunk.language,
    score,
    snippet: snippetOf(chunk),
    ...(chunk.container !== null && { container: chunk.container }),
    ...(chunk.windowIndex !== null &&
      chunk.windowCount !== null && {
        window: { index: chunk.windowIndex, count: chunk.windowCount, ...(chunk.unitStartLine !== null && { unitStartLine: chunk.unitStartLine }) },
      }),
    ...(best && { bestLine: best }),
    matchedBy,
  };
}

const BEST_LINE_CHARS = 200;
const COMMENT = /^(\/\/|\/\*|\*|#|--|"""|''')/;

/**
 * The line of a chunk's code holding the most distinct query words (as the lexical index splits them);
 * the first such line on ties; undefined when no line holds any. Code lines start at `chunk.startLine`.
 */
export function bestLine(chunk: Pick<StoredChunk, 'text' | 'codeOffset' | 'startLine'>, terms: readonly string[]): { line: number; text: string } | undefined {
  const wanted = new Set(terms);
  let best: { line: number; text: string; hits: number } | undefined;
  chunkCode(chunk)
    .split('\n')
    .forEach((text, i) => {
      const words = new Set(codeTokens(text));
      let hits = 0;
      for (const term of wanted) if (words.has(term)) hits++;
      // Code over a comment that names the same words (a doc comment repeats the function's name).
      if (hits > 0 && COMMENT.test(text.trim())) hits -= 0.5;
      if (hits > 0 && (!best || hits > best.hits)) best = { line: chunk.startLine + i, text: text.trim().slice(0, BEST_LINE_CHARS), hits };
    });
  return best && { line: best.line, text: best.text };
}

/** Identifies a unit across its windows: windows of one long unit collapse to its best-ranked one. */
export function unitKey(chunk: StoredChunk): string {
  return chunk.unitStartLine === null ? `c${chunk.id}` : `${chunk.file}:${chunk.unitStartLine}:${chunk.kind}`;
}
