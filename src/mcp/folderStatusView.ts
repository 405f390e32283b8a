/** A served folder's state as index_status reports it: structured, and as one line of text. */
import { z } from 'zod';
import { formatEta, semanticCoverage } from '../core/engine/coverage';
import type { FolderStatus } from '../shared/protocol';
import type { LastRun } from './engineSession';
import type { ServedFolder } from './servedFolders';
import { definedProps } from '../core/definedProps';

export const folderShape = z.object({
  folder: z.string().describe('The folder (absolute path): what the other tools accept as folder.'),
  name: z.string(),
  indexDir: z.string().describe('Where its index lives.'),
  indexed: z.boolean().describe('False until a first reindex: search_code and find_similar need an index.'),
  openError: z.string().optional().describe('Why the index could not be opened (locked, damaged, unreadable); reindex tries again.'),
  files: z.number().int(),
  chunks: z.number().int().describe('Searchable units: functions, methods, classes, file summaries, windows.'),
  texts: z.number().int().describe('Distinct chunk texts.'),
  embedded: z.number().int().describe('Distinct texts that have a vector.'),
  semanticCoverage: z.number().describe('embedded / texts, 0 to 1: the share of code searchable by meaning.'),
  semanticEtaSeconds: z.number().optional().describe('Seconds to embed the rest at the rate the last index run measured.'),
  model: z.string().optional().describe('The embedding model in use.'),
  semanticUnavailable: z.string().optional().describe('Why search by meaning cannot run now (no model, no vectors yet); keyword search still works.'),
  device: z.string().optional().describe('Where the model last ran (cpu, cuda...).'),
  lastIndexedAt: z.string().optional().describe('When an index run last finished (ISO 8601).'),
  activity: z.object({
    state: z.enum(['idle', 'indexing', 'embedding', 'paused', 'failed']),
    phase: z.string().optional(),
    done: z.number().optional(),
    total: z.number().optional(),
    error: z.string().optional(),
  }),
  lastRun: z
    .object({
      finishedAt: z.string(),
      full: z.boolean().describe('A whole-folder update (reindex, start-up) rather than changed files.'),
      cancelled: z.boolean(),
      filesParsed: z.number().int(),
      filesRemoved: z.number().int(),
      textsEmbedded: z.number().int(),
      vectorsPending: z.number().int(),
      filesSkipped: z.number().int(),
      seconds: z.number(),
    })
    .optional()
    .describe('The last index run this server saw finish.'),
});

export type FolderView = z.infer<typeof folderShape>;

/** What the session knows of a folder besides its status. */
export interface FolderFacts {
  indexed: boolean;
  lastRun?: LastRun | undefined;
  /** Why its index could not be opened; then there is no status. */
  openError?: string | undefined;
}

export function folderView(folder: ServedFolder, s: FolderStatus | undefined, facts: FolderFacts): FolderView {
  if (s === undefined) return unopened(folder, facts.openError ?? 'the index could not be opened');
  const { indexed, lastRun } = facts;
  const coverage = semanticCoverage(s);
  const a = s.activity;
  const activity: FolderView['activity'] =
    a.state === 'indexing' || a.state === 'embedding'
      ? { state: a.state, ...(a.progress && { phase: a.progress.phase, done: a.progress.done, total: a.progress.total }) }
      : a.state === 'failed'
        ? { state: 'failed', error: a.error.message }
        : { state: a.state };
  const r = lastRun?.report;
  return {
    folder: folder.root,
    name: folder.name,
    indexDir: s.indexDir,
    indexed,
    files: s.files,
    chunks: s.chunks,
    texts: s.texts,
    embedded: s.embedded,
    semanticCoverage: s.texts === 0 ? 0 : Number((s.embedded / s.texts).toFixed(4)),
    ...(coverage.etaSeconds !== undefined && { semanticEtaSeconds: Math.round(coverage.etaSeconds) }),
    ...('id' in s.model && { model: s.model.id }),
    ...definedProps({ semanticUnavailable: s.semanticUnavailable, device: s.device, lastIndexedAt: s.lastIndexedAt }),
    activity,
    ...(lastRun &&
      r && {
        lastRun: {
          finishedAt: lastRun.finishedAt,
          full: lastRun.full,
          cancelled: lastRun.cancelled,
          filesParsed: r.files.rechunked,
          filesRemoved: r.files.removed,
          textsEmbedded: r.vectors.embedded,
          vectorsPending: r.vectors.pending,
          filesSkipped: Object.values(r.files.skipped).reduce((a, b) => a + (b ?? 0), 0),
          seconds: Number((r.timings.totalMs / 1000).toFixed(1)),
        },
      }),
  };
}

/** A folder whose index could not be opened: nothing to count, the reason as a failed activity. */
function unopened(folder: ServedFolder, error: string): FolderView {
  const none = { files: 0, chunks: 0, texts: 0, embedded: 0, semanticCoverage: 0 };
  return { folder: folder.root, name: folder.name, indexDir: folder.indexDir, indexed: false, openError: error, ...none, activity: { state: 'idle' } };
}

export function describeFolder(f: FolderView): string {
  if (f.openError !== undefined) return `${f.folder}: its index could not be opened: ${f.openError}`;
  if (!f.indexed) return `${f.folder}: no index yet (call reindex to build it).`;
  const eta = f.semanticEtaSeconds !== undefined ? `, ${formatEta(f.semanticEtaSeconds)} left` : '';
  const coverage = `${semanticCoverage(f).percent}% of ${f.texts} texts have vectors${eta}`;
  const model = f.semanticUnavailable !== undefined ? `keyword search only: ${f.semanticUnavailable}` : `${f.model ?? 'model'}${f.device ? ` on ${f.device}` : ''}`;
  const activity = f.activity.state === 'indexing' ? `; indexing${f.activity.phase ? ` (${f.activity.phase} ${f.activity.done}/${f.activity.total})` : ''}` : f.activity.state === 'idle' ? '' : `; ${f.activity.state}${f.activity.error ? `: ${f.activity.error}` : ''}`;
  const last = f.lastIndexedAt ? `; updated ${f.lastIndexedAt}` : '';
  return `${f.folder}: ${f.files} files, ${f.chunks} chunks, ${coverage}; ${model}${last}${activity}.`;
}
