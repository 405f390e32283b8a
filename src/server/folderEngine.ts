import type { CancellationToken } from '../core/cancellation';
import type { EmbedPendingReport, IndexStatus } from '../core/engine/codeIndex';
import type { PriorityHints } from '../core/engine/priorityHints';
import type { IndexReport } from '../core/engine/indexReport';
import type { IndexProgress } from '../core/engine/ports';
import type { Logger } from '../core/logger';
import type { SearchAnswer, SearchOptions } from '../core/search/searcher';
import type { SimilarAnswer, SimilarTarget } from '../core/search/similar';
import type { StoredChunk } from '../core/store/storedTypes';
import type { UnitLocation } from '../core/types';
import type { FolderConfig } from '../shared/protocol';

/**
 * What the server needs from one folder's engine: the `CodeIndex` facade, narrowed. The server's logic
 * is written against this port, so that its tests can drive it with a scripted double.
 */
export interface FolderEngine {
  /** The server passes `embed: false`: pending texts are embedded by `embedPending`, in the background. */
  update(options: { token?: CancellationToken; onProgress?: (p: IndexProgress) => void; paths?: readonly string[]; embed?: boolean }): Promise<IndexReport>;
  embedPending(options: { token?: CancellationToken; onProgress?: (p: IndexProgress) => void }): Promise<EmbedPendingReport>;
  setPriorityHints(hints: PriorityHints): void;
  /** `token` cancels the query's embedding (a stale keystroke's query is never embedded). */
  search(query: string, options: SearchOptions & { token?: CancellationToken }): Promise<SearchAnswer>;
  similar(target: SimilarTarget, k: number, token?: CancellationToken): Promise<FolderSimilarAnswer>;
  status(): EngineStatus;
  semanticUnavailable(): string | undefined;
  close(): Promise<void>;
}

/** The unit a location resolved to, with its code (to search other folders with: see `chunkCode`). */
export type QueryUnit = Pick<StoredChunk, keyof UnitLocation | 'text' | 'codeOffset'>;

/** `CodeIndex.similar`'s answer, of which the server needs the query unit's location and code only. */
export type FolderSimilarAnswer = Omit<SimilarAnswer, 'query'> & { query?: QueryUnit };

/** The folder engine's counts and model, as `CodeIndex.status()` reports them. */
export type EngineStatus = IndexStatus;

export type OpenFolderEngine = (config: FolderConfig, logger: Logger) => Promise<FolderEngine>;
