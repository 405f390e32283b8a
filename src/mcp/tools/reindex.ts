import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { IndexReport } from '../../core/engine/indexReport';
import type { RunProgress } from '../../shared/protocol';
import type { EngineSession } from '../engineSession';
import type { ServedFolder } from '../servedFolders';
import { answering, tokenOf, toolAnswer } from '../toolKit';
import { definedProps } from '../../core/definedProps';

const reportShape = z.object({
  folder: z.string(),
  files: z.object({ scanned: z.number().int(), parsed: z.number().int(), removed: z.number().int(), skipped: z.number().int() }),
  chunks: z.number().int(),
  vectors: z.object({
    embedded: z.number().int().describe('Texts embedded by this run.'),
    reused: z.number().int().describe('New chunks whose text already had a vector.'),
    pending: z.number().int().describe('Texts still without a vector (no model, or failures).'),
    failed: z.number().int(),
  }),
  semantic: z.boolean().describe('Whether vectors were computed; false means the folder is searchable by keywords only (see note).'),
  note: z.string().optional(),
  seconds: z.number(),
});

type ReportView = z.infer<typeof reportShape>;

/** Where each phase of a run lies on the way from 0 to 1 (embedding dominates a first run). */
const PHASE_SPAN: Record<RunProgress['phase'], [number, number]> = { scan: [0, 0.05], chunk: [0.05, 0.4], windows: [0.4, 0.45], embed: [0.45, 0.97], save: [0.97, 1] };

/** Time between the last progress notification and the answer (see above). */
const LAST_PROGRESS_GAP_MS = 25;

export function registerReindex(server: McpServer, session: EngineSession): void {
  server.registerTool(
    'reindex',
    {
      title: 'Update the index',
      description:
        'Brings the index of a served folder (or of all of them) up to date and returns when it is done, with counts. The first run builds ' +
        'the index (it reads every file once and computes vectors: about a minute per few thousand files on a CPU); later runs re-read only ' +
        'changed files and embed only new code. Sends progress notifications and can be cancelled (what is done is kept). Not needed after ' +
        'edits made while the server runs: changed files are re-indexed automatically.',
      inputSchema: { folder: z.string().optional().describe('One served folder (its path or name); all when left out.') },
      outputSchema: { folders: z.array(reportShape) },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args, extra) =>
      answering(async () => {
        const folders = session.folders.select(args.folder);
        const progressToken = extra._meta?.progressToken;
        const fractions = new Map<ServedFolder, number>();
        let sent = 0;
        // Every progress notification is out before the answer: the client forgets the token once answered.
        let lastNotification: Promise<unknown> = Promise.resolve();
        const onProgress = (folder: ServedFolder, p: RunProgress): void => {
          if (progressToken === undefined) return;
          const [from, to] = PHASE_SPAN[p.phase];
          fractions.set(folder, from + (to - from) * (p.total > 0 ? Math.min(1, p.done / p.total) : 0));
          const percent = Math.floor((100 * [...fractions.values()].reduce((a, b) => a + b, 0)) / folders.length);
          if (percent <= sent) return; // progress must only grow
          sent = percent;
          const message = `${folders.length > 1 ? `${folder.name}: ` : ''}${p.phase} ${p.done}/${p.total}`;
          lastNotification = extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: percent, total: 100, message } }).catch(() => undefined);
        };
        const reports = await session.reindex(folders, tokenOf(extra.signal), onProgress);
        await lastNotification;
        // The SDK's client handles a notification a microtask after reading it but a response at once, so a progress
        // notification read in the same chunk as the answer finds its token already forgotten: let the last one go alone.
        if (sent > 0) await new Promise((resolve) => setTimeout(resolve, LAST_PROGRESS_GAP_MS));
        const views = folders.map((f, i) => reportView(f, reports[i]!));
        return toolAnswer({ folders: views }, views.map(describeReport).join('\n'));
      }, extra.signal),
  );
}

function reportView(folder: ServedFolder, r: IndexReport): ReportView {
  const note = r.semantic.available ? undefined : `Keyword search only: ${r.semantic.reason ?? 'no model'}${r.semantic.hint ? ` ${r.semantic.hint}` : ''}`;
  return {
    folder: folder.root,
    files: { scanned: r.files.scanned, parsed: r.files.rechunked, removed: r.files.removed, skipped: Object.values(r.files.skipped).reduce((a, b) => a + (b ?? 0), 0) },
    chunks: r.chunks.total,
    vectors: { embedded: r.vectors.embedded, reused: r.vectors.reused, pending: r.vectors.pending, failed: r.vectors.failed },
    semantic: r.semantic.available,
    ...definedProps({ note }),
    seconds: Number((r.timings.totalMs / 1000).toFixed(1)),
  };
}

function describeReport(v: ReportView): string {
  const files = `${v.files.scanned} files (${v.files.parsed} parsed, ${v.files.removed} removed${v.files.skipped ? `, ${v.files.skipped} skipped` : ''})`;
  const vectors = v.semantic ? `, ${v.vectors.embedded} texts embedded, ${v.vectors.pending} pending` : '';
  return `Indexed ${v.folder}: ${files}, ${v.chunks} chunks${vectors}, in ${v.seconds} s.${v.note ? ` ${v.note}` : ''}`;
}
