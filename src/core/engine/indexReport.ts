import type { SkipReason, SkippedFile } from '../types';

export interface EmbedFailure {
  file: string;
  line: number;
  name: string;
  message: string;
}

/** What an index run did, counted, so that nothing is skipped or dropped without the user seeing it. */
export interface IndexReport {
  files: {
    scanned: number;
    unchanged: number;
    /** Read because their size or mtime changed (or they are new). */
    read: number;
    /** Re-chunked because their bytes (or the chunker) changed. */
    rechunked: number;
    removed: number;
    skipped: Partial<Record<SkipReason, number>>;
    skippedFiles: SkippedFile[];
    ignored: number;
  };
  parse: { parsed: number; noGrammar: number; failed: number; failures: { file: string; error: string }[] };
  chunks: { written: number; total: number };
  vectors: {
    /** Texts sent to the model in this run. */
    embedded: number;
    /** New chunks whose text already had a vector (renames, branch switches, duplicates). */
    reused: number;
    failed: number;
    failures: EmbedFailure[];
    /** Texts still without a vector after the run (no model, cancelled, or failed). */
    pending: number;
    /** Tokens the model embedded in this run, and the padded positions it computed for them. */
    tokens: number;
    paddedTokens: number;
    /** Texts longer than the token cap, embedded from their first tokens (chunking keeps them under it). */
    truncated: number;
  };
  /** `reason` is neutral; `hint` is what to do in the CLI's words (the extension gives its own advice). */
  semantic: { available: boolean; reason?: string; hint?: string; device?: string; fallbacks: { device: string; reason: string }[] };
  /** Things found broken and repaired: a corrupt store recreated, a vector index rebuilt. */
  recovered: string[];
  /** embedMs is the wall time of the embed stage; tokenizeMs and inferMs are the worker's parts of it. */
  timings: {
    scanMs: number;
    readMs: number;
    chunkMs: number;
    storeMs: number;
    embedMs: number;
    tokenizeMs: number;
    inferMs: number;
    /** From the start of the run to the end of the keyword index (scan, plan, read, chunk, store): lexical search is ready. */
    lexicalMs: number;
    /**
     * A large run with a model writes its keyword index with windows cut by an estimate, then cuts long units
     * again at exact token counts before embedding: that second pass's wall time (0 when there was none).
     */
    windowsMs: number;
    totalMs: number;
  };
  cancelled: boolean;
}

export function emptyReport(): IndexReport {
  return {
    files: { scanned: 0, unchanged: 0, read: 0, rechunked: 0, removed: 0, skipped: {}, skippedFiles: [], ignored: 0 },
    parse: { parsed: 0, noGrammar: 0, failed: 0, failures: [] },
    chunks: { written: 0, total: 0 },
    vectors: { embedded: 0, reused: 0, failed: 0, failures: [], pending: 0, tokens: 0, paddedTokens: 0, truncated: 0 },
    semantic: { available: false, fallbacks: [] },
    recovered: [],
    timings: { scanMs: 0, readMs: 0, chunkMs: 0, storeMs: 0, embedMs: 0, tokenizeMs: 0, inferMs: 0, lexicalMs: 0, windowsMs: 0, totalMs: 0 },
    cancelled: false,
  };
}

export function countSkip(report: IndexReport, skipped: SkippedFile): void {
  report.files.skippedFiles.push(skipped);
  report.files.skipped[skipped.reason] = (report.files.skipped[skipped.reason] ?? 0) + 1;
}
