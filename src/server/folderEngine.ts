import type { CancellationToken } from '../core/cancellation';
import type { EmbedPendingReport, IndexStatus } from '../core/engine/codeIndex';
import type { PriorityHints } from '../core/engine/priorityHints';
import type { IndexReport } from '../core/engine/indexReport';
import type { IndexProgress } from '../core/engine/ports';
import type { Logger } from '../core/logger';
import type { SearchAnswer, SearchOptions } from '../core/search/searcher';
import type { SearchResult, UnitKind } from '../core/types';
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
  similar(
    target: { file: string; line: number } | { code: string },
    k: number,
    token?: CancellationToken,
  ): Promise<{ query?: QueryUnit; results: SearchResult[]; mode: 'semantic' | 'lexical'; lexicalOnly?: string }>;
  status(): EngineStatus;
  semanticUnavailable(): string | undefined;
  close(): Promise<void>;
}

/** The unit a location resolved to, with its code (to search other folders with). */
export interface QueryUnit {
  file: string;
  startLine: number;
  endLine: number;
  name: string;
  kind: UnitKind;
  text: string;
  codeOffset: number;
}

/** The folder engine's counts and model, as `CodeIndex.status()` reports them. */
export type EngineStatus = IndexStatus;

export type OpenFolderEngine = (config: FolderConfig, logger: Logger) => Promise<FolderEngine>;
