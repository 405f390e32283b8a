import { count, coverageOf, runText } from './progressText';
import type { EngineState, FolderSnapshot } from './statusSummary';

/** The one line a picker shows about the index before the user typed, or beside results. Pure. */
export interface IndexStateLine {
  icon: string;
  label: string;
  detail?: string;
  /** What accepting the line should do. */
  action?: 'reindex' | 'showLog';
  /** An index run is under way: results may be partial or keyword-only. */
  building: boolean;
  chunks: number;
}

export function indexStateLine(engine: EngineState, folders: readonly FolderSnapshot[]): IndexStateLine {
  const statuses = folders.flatMap((f) => (f.status ? [f.status] : []));
  const chunks = statuses.reduce((sum, s) => sum + s.chunks, 0);
  if (engine === 'stopped') return { icon: 'error', label: 'The codeloupe engine stopped after repeated crashes', detail: 'Run "codeloupe: Restart Engine"; the log says what happened.', action: 'showLog', building: false, chunks };
  if (folders.length === 0) return { icon: 'folder-opened', label: 'Open a folder to search its code', building: false, chunks };
  if (engine === 'starting' || statuses.length === 0) {
    const failed = folders.find((f) => f.openError);
    if (failed) return { icon: 'error', label: `The index of ${failed.name} could not be opened`, detail: failed.openError!, action: 'showLog', building: false, chunks };
    return { icon: 'loading~spin', label: 'Starting the codeloupe engine…', building: false, chunks };
  }
  const indexing = statuses.find((s) => s.activity.state === 'indexing' && s.activity.full) ?? statuses.find((s) => s.activity.state === 'indexing');
  if (indexing && indexing.activity.state === 'indexing') {
    const where = indexing.activity.progress ? runText(indexing) : 'starting';
    const detail = chunks > 0 ? `${count(chunks)} chunks searchable so far; keyword matches show while vectors are computed.` : 'Results appear as files are indexed.';
    return { icon: 'sync~spin', label: `Indexing: ${where}`, detail, building: true, chunks };
  }
  if (chunks === 0) return { icon: 'database', label: 'The index is empty', detail: 'Select to index the workspace now.', action: 'reindex', building: false, chunks };
  const vectors = statuses.reduce((sum, s) => sum + s.embedded, 0);
  const lexical = statuses.every((s) => s.semanticUnavailable !== undefined);
  const coverage = coverageOf(statuses);
  const partial = coverage && coverage.left > 0 ? `semantic search covers ${coverage.percent}% (${count(coverage.left)} texts left; Resume Indexing embeds them) · ` : '';
  const detail = lexical ? `Keyword search only: ${statuses[0]!.semanticUnavailable}.` : `${partial}${count(vectors)} vectors · type to search by meaning and keywords`;
  const where = folders.length > 1 ? ` in ${folders.length} folders` : '';
  return { icon: 'search', label: `${count(chunks)} chunks indexed${where}`, detail, building: false, chunks };
}

/** Why results are keyword matches only, short enough for a picker's title. From status, not message text. */
export function lexicalOnlyNote(folders: readonly FolderSnapshot[]): string {
  const statuses = folders.flatMap((f) => (f.status ? [f.status] : []));
  if (statuses.some((s) => 'unavailable' in s.model)) return 'keyword matches only (no embedding model: see Select Model)';
  if (statuses.some((s) => s.activity.state === 'indexing' || s.activity.state === 'embedding')) return 'keyword matches while vectors are computed';
  return 'keyword matches only (no vectors yet)';
}
