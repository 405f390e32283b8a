import type { FileStamp, UnitLocation } from '../types';

/** A file as the store remembers it: enough to decide, without reading it, whether it changed. */
export interface StoredFile extends FileStamp {
  path: string;
  /**
   * When the stamp was taken (ms since the epoch). A stamp taken within a file system's timestamp
   * granularity of a change cannot tell a later change apart ("racy" in git's words): see runPlan.
   */
  statAtMs: number;
  /** sha256 of the file's bytes. */
  hash: string;
  /** Which chunker, token budget and tokenizer produced its chunks; a change re-chunks the file. */
  chunkKey: string;
  language: string;
  parseStatus: string;
}

/**
 * A chunk key ending so marks chunks cut by the length estimate for the keyword index, to be cut again by
 * the model's token counts (see runIndexUpdate's `keywordFirst`): their texts are never embedded.
 */
export const KEYWORD_FIRST_KEY_SUFFIX = '|keyword-first';

export interface StoredChunk extends UnitLocation {
  id: number;
  language: string;
  container: string | null;
  contentHash: string;
  /** The embedded text: context header, then code from `codeOffset` on. */
  text: string;
  codeOffset: number;
  windowIndex: number | null;
  windowCount: number | null;
  /** For windows: the first line of the unit they were split from. */
  unitStartLine: number | null;
}

/** The code of a chunk, without its context header. */
export function chunkCode(chunk: Pick<StoredChunk, 'text' | 'codeOffset'>): string {
  return chunk.text.slice(chunk.codeOffset);
}
