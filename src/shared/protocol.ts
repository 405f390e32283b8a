/**
 * The one typed protocol between the extension (client) and the engine server (a forked Node process).
 * It travels as JSON-RPC over the IPC channel (vscode-jsonrpc, see engineRpc.ts): requests get exactly one
 * response and are cancelled with `$/cancelRequest`; notifications flow from the server unasked. These
 * are the method names and their types. Nothing here imports VS Code.
 */
import type { DeviceRequest } from '../core/embed/devices';
import type { IndexStatus } from '../core/engine/codeIndex';
import type { IndexReport } from '../core/engine/indexReport';
import type { SemanticUnavailable } from '../core/engine/semanticModel';
import type { Precision } from '../core/models/precision';
import type { IndexProgress } from '../core/engine/ports';
import type { SerializedError } from '../core/errors';
import type { LogLevel } from '../core/logger';
import type { SimilarTarget as CoreSimilarTarget } from '../core/search/similar';
import type { SearchScope } from '../core/search/searchScope';
import type { SpellingCorrection } from '../core/search/spelling';
import type { SearchMode, SearchResult, UnitLocation } from '../core/types';

/** Everything a folder's engine is opened with. Changing any of it means closing and re-opening. */
export interface FolderConfig {
  /** Chosen by the client (the workspace folder's URI); names the folder in every message. */
  folderId: string;
  root: string;
  indexDir: string;
  modelDir?: string;
  /** Why there is no model yet (a download under way or failed): the folder is indexed lexically. Wins over modelDir. */
  modelUnavailable?: SemanticUnavailable;
  /** Which ONNX export to prefer in the model folder (int8 on the CPU, fp16 on GPUs). */
  precision?: Precision;
  device?: DeviceRequest;
  scan?: { include?: string[]; exclude?: string[]; maxFileBytes?: number };
  /** The embedding worker bundled with the installed extension. */
  workerPath?: string;
  threads?: number;
}

/** What one folder's engine is doing right now. */
export type FolderActivity =
  | { state: 'idle' }
  | { state: 'indexing'; runId: number; full: boolean; progress?: RunProgress }
  /**
   * No index run is active and the folder's pending texts are embedded in the background (index runs end
   * with the lexical index): keyword search covers everything, semantic search what is embedded so far.
   * `progress` is the embed phase's (`done`/`total` texts of this embedding, rate and ETA once measured).
   */
  | { state: 'embedding'; progress?: RunProgress }
  | { state: 'paused'; pending: boolean }
  | { state: 'failed'; error: SerializedError };

export type RunProgress = IndexProgress;

export interface FolderStatus extends IndexStatus {
  folderId: string;
  /** Why semantic search cannot run now (no model, no vectors yet, model changed), if it cannot. */
  semanticUnavailable?: string;
  activity: FolderActivity;
}

export interface FolderResult extends SearchResult {
  folderId: string;
}

/** Per searched folder: why it answered lexically only, when it did. */
export type LexicalOnlyNotes = { folderId: string; reason: string }[];

export interface SearchAnswer {
  results: FolderResult[];
  lexicalOnly: LexicalOnlyNotes;
  /** Misspelt query words searched as the indexed word one typo away, in any folder (core/search/spelling.ts). */
  corrected?: SpellingCorrection[];
}

export interface UnitRef extends UnitLocation {
  folderId: string;
}

/** Core's target of find-similar; a location also names its folder. */
export type SimilarTarget = (Extract<CoreSimilarTarget, { file: string }> & { folderId: string }) | Extract<CoreSimilarTarget, { code: string }>;

export interface SimilarAnswer {
  /** The unit the search started from, for a location target. */
  query?: UnitRef;
  results: FolderResult[];
  /** 'semantic' when vectors answered in every folder searched, else 'lexical'. */
  mode: 'semantic' | 'lexical';
  lexicalOnly: LexicalOnlyNotes;
}

/** Request methods: their params and what their response carries. Cancelling is JSON-RPC's `$/cancelRequest`. */
export interface Methods {
  open: { params: FolderConfig; result: FolderStatus };
  /** Index the folder, or only `paths` (relative, '/'-separated). Resolves when a run covering it ends. */
  /**
   * `embed: true` makes the run embed what it leaves pending before it answers (an agent's reindex wants a
   * complete index); by default the run ends with the lexical index and vectors follow in the background.
   */
  update: { params: { folderId: string; paths?: string[]; embed?: boolean }; result: IndexReport };
  /** `scope` keeps results of some languages and paths (the picker's `lang:` and `path:`). */
  search: { params: { query: string; k: number; mode: SearchMode; folderIds?: string[]; scope?: SearchScope }; result: SearchAnswer };
  /**
   * Similar code. A location searches its own folder with the stored vector (no model call), the other
   * folders with the unit's code. `storedVectorsOnly` answers nothing rather than fall back to lexical.
   */
  similar: { params: { target: SimilarTarget; k: number; folderIds?: string[]; storedVectorsOnly?: boolean }; result: SimilarAnswer };
  status: { params: { folderId?: string }; result: FolderStatus[] };
  /**
   * What the user looks at in a folder (paths relative to it, '/'-separated, most important first): their
   * texts are embedded before the rest. Each list given replaces the previous one; saved files (update
   * with paths) go first on their own.
   */
  priorities: { params: { folderId: string; open?: string[]; recent?: string[] }; result: null };
  /** Stops the running index run after its current batch and holds further runs until resume. */
  pause: { params: { folderId?: string }; result: FolderStatus[] };
  resume: { params: { folderId?: string }; result: FolderStatus[] };
  /** Cancels running and queued index runs (without pausing). */
  stopIndexing: { params: { folderId?: string }; result: FolderStatus[] };
  /** Closes a folder's engine; with `deleteIndex` also removes its index directory. */
  close: { params: { folderId: string; deleteIndex?: boolean }; result: null };
  shutdown: { params: Record<string, never>; result: null };
}
export type Method = keyof Methods;
export type ParamsOf<M extends Method> = Methods[M]['params'];
export type ResultOf<M extends Method> = Methods[M]['result'];

export interface Notifications {
  activity: { folderId: string; activity: FolderActivity };
  progress: { folderId: string; runId: number; progress: RunProgress };
  /**
   * Every finished run, whoever asked for it (saves, resume, re-index). `status` is the folder's state as
   * the run ends, so clients update counts without a round trip.
   */
  runFinished: { folderId: string; runId: number; full: boolean; report: IndexReport; status: FolderStatus };
  log: { level: LogLevel; message: string; folderId?: string };
  /**
   * The folder's counts during a run or a background embedding (at most every 2 s and at each new phase),
   * so clients show true counts and semantic coverage.
   */
  status: { folderId: string; status: FolderStatus };
  /** The background embedding stopped: nothing pending, paused, stopped, or failed (then `error`). */
  embeddingFinished: { folderId: string; embedded: number; failed: number; pending: number; cancelled: boolean; error?: SerializedError; status: FolderStatus };
}
export type NotificationName = keyof Notifications;

/** Every request method, for registering handlers (the record makes the compiler check it is complete). */
export const METHODS = Object.keys({
  open: true, update: true, search: true, similar: true, status: true, priorities: true, pause: true, resume: true, stopIndexing: true, close: true, shutdown: true,
} satisfies Record<Method, true>) as Method[];

