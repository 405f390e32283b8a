import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { EngineSession } from '../engineSession';
import { describeFolder, folderShape, folderView } from '../folderStatusView';
import { answering, toolAnswer } from '../toolKit';

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
        const folders = selected.map((f, i) => folderView(f, statuses[i], { indexed: session.isIndexed(f), lastRun: session.lastRun(f), openError: session.openFailure(f)?.describe() }));
        const watching = session.watchState;
        return toolAnswer({ folders, watching }, [...folders.map(describeFolder), `Watching for changes: ${watching}.`].join('\n'));
      }, extra.signal),
  );
}
