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

export function toResult(chunk: StoredChunk, score: number, matchedBy: SearchResult['matchedBy']): SearchResult {
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
    ...(chunk.windowIndex !== null && chunk.windowCount !== null && { window: { index: chunk.windowIndex, count: chunk.windowCount } }),
    matchedBy,
  };
}

/** Identifies a unit across its windows: windows of one long unit collapse to its best-ranked one. */
export function unitKey(chunk: StoredChunk): string {
  return chunk.unitStartLine === null ? `c${chunk.id}` : `${chunk.file}:${chunk.unitStartLine}:${chunk.kind}`;
}
