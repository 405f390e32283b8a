import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { FolderStatus } from '../../shared/protocol';
import type { EngineSession } from '../engineSession';
import type { ServedFolder } from '../servedFolders';
import { answering, toolAnswer } from '../toolKit';

const folderShape = z.object({
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
  model: z.string().optional().describe('The embedding model in use.'),
  semanticUnavailable: z.string().optional().describe('Why search by meaning cannot run now (no model, no vectors yet); keyword search still works.'),
  device: z.string().optional().describe('Where the model last ran (cpu, cuda...).'),
  lastIndexedAt: z.string().optional().describe('When an index run last finished (ISO 8601).'),
  activity: z.object({
    state: z.enum(['idle', 'indexing', 'paused', 'failed']),
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

type FolderView = z.infer<typeof folderShape>;

export function registerIndexStatus(server: McpServer, session: EngineSession): void {
  server.registerTool(
    'index_status',
    {
      title: 'Index status',
      description:
        'What the local index holds for each served folder: files, chunks, how much of the code has vectors (semantic coverage), the model and ' +
        'device, when it was last updated, whether an update is running, and how the last run went. Call it when results look incomplete, ' +
        'to see whether a folder needs reindex, or why search is keyword-only.',
      inputSchema: { folder: z.string().optional().describe('One served folder (its path or name); all when left out.') },
      outputSchema: {
        folders: z.array(folderShape),
        watching: z.enum(['off', 'starting', 'ready']).describe('Whether changed files are re-indexed automatically while the server runs.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args, extra) =>
      answering(async () => {
        const selected = session.folders.select(args.folder);
        const statuses = await session.status(selected);
        const folders = selected.map((f, i) => folderView(f, statuses[i], session));
        const watching = session.watchState;
        return toolAnswer({ folders, watching }, [...folders.map(describeFolder), `Watching for changes: ${watching}.`].join('\n'));
      }, extra.signal),
  );
}

function folderView(folder: ServedFolder, s: FolderStatus | undefined, session: EngineSession): FolderView {
  if (s === undefined) return unopened(folder, session.openFailure(folder)?.describe() ?? 'the index could not be opened');
  const indexed = session.isIndexed(folder);
  const lastRun = session.lastRun(folder);
  const a = s.activity;
  const activity: FolderView['activity'] =
    a.state === 'indexing'
      ? { state: 'indexing', ...(a.progress && { phase: a.progress.phase, done: a.progress.done, total: a.progress.total }) }
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
    ...('id' in s.model && { model: s.model.id }),
    ...(s.semanticUnavailable !== undefined && { semanticUnavailable: s.semanticUnavailable }),
    ...(s.device !== undefined && { device: s.device }),
    ...(s.lastIndexedAt !== undefined && { lastIndexedAt: s.lastIndexedAt }),
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

function describeFolder(f: FolderView): string {
  if (f.openError !== undefined) return `${f.folder}: its index could not be opened: ${f.openError}`;
  if (!f.indexed) return `${f.folder}: no index yet (call reindex to build it).`;
  const coverage = `${Math.round(f.semanticCoverage * 100)}% of ${f.texts} texts have vectors`;
  const model = f.semanticUnavailable !== undefined ? `keyword search only: ${f.semanticUnavailable}` : `${f.model ?? 'model'}${f.device ? ` on ${f.device}` : ''}`;
  const activity = f.activity.state === 'indexing' ? `; indexing${f.activity.phase ? ` (${f.activity.phase} ${f.activity.done}/${f.activity.total})` : ''}` : f.activity.state === 'idle' ? '' : `; ${f.activity.state}${f.activity.error ? `: ${f.activity.error}` : ''}`;
  const last = f.lastIndexedAt ? `; updated ${f.lastIndexedAt}` : '';
  return `${f.folder}: ${f.files} files, ${f.chunks} chunks, ${coverage}; ${model}${last}${activity}.`;
}
