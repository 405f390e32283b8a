import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { join } from 'node:path';
import { z } from 'zod';
import { CodeloupeError } from '../../core/errors';
import type { SimilarTarget } from '../../shared/protocol';
import type { EngineSession } from '../engineSession';
import { lexicalOnlyNotes, renderResults, resultShape, resultView } from '../resultView';
import type { ServedFolder } from '../servedFolders';
import { answering, tokenOf, toolAnswer } from '../toolKit';
import { indexedFolders, noIndex } from './folderChecks';

export function registerFindSimilar(server: McpServer, session: EngineSession): void {
  server.registerTool(
    'find_similar',
    {
      title: 'Find similar code',
      description:
        'Finds code similar to a function, method or class given by its location (`file` + `line`), or to a snippet (`code`). ' +
        'Use it to check whether something already exists before writing it (pass your draft as `code`), to find duplicates that ' +
        'should change together, or to find other implementations of the same idea. By location it starts from the unit at that line ' +
        'and never returns that unit itself. Returns the same fields as search_code, and the unit the location resolved to.',
      inputSchema: {
        file: z.string().optional().describe('A file relative to its folder, or absolute. Give it with line.'),
        line: z.number().int().min(1).optional().describe('A line inside the function, method or class (1-based).'),
        code: z.string().min(1).optional().describe('A snippet to find code like, instead of file + line. At most the first 512 tokens are used.'),
        k: z.number().int().min(1).max(50).optional().describe('How many results (default 10).'),
        folder: z.string().optional().describe('Search this served folder only (its path or name); it also says which folder a relative file is in.'),
      },
      outputSchema: {
        query: z
          .object({ folder: z.string(), file: z.string(), path: z.string(), startLine: z.number().int(), endLine: z.number().int(), name: z.string(), kind: z.string() })
          .optional()
          .describe('The unit the location resolved to.'),
        results: z.array(resultShape),
        semantic: z.boolean().describe('Whether vectors answered; false means keyword overlap only (see notes).'),
        notes: z.array(z.string()),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args, extra) =>
      answering(async () => {
        const k = args.k ?? 10;
        let target: SimilarTarget;
        let origin: ServedFolder | undefined;
        if (args.code !== undefined && args.file === undefined && args.line === undefined) {
          target = { code: args.code };
        } else if (args.code === undefined && args.file !== undefined && args.line !== undefined) {
          const located = session.folders.locate(args.file, args.folder);
          origin = located.folder;
          target = { folderId: origin.root, file: located.file, line: args.line };
        } else {
          throw new CodeloupeError('E_BAD_ARGUMENT', 'find_similar needs either file and line, or code.', { hint: 'Pass file (relative to its folder, or absolute) with line, or pass a snippet as code.' });
        }
        const { folders, notes } = await indexedFolders(session, args.folder !== undefined ? session.folders.select(args.folder) : session.folders.all);
        if (origin && !folders.includes(origin)) throw noIndex([origin]);
        if (!(await session.settle(folders))) notes.push('Some changed files are still being re-indexed; results may not show them yet.');
        const answer = await session.request('similar', { target, k, folderIds: folders.map((f) => f.root) }, tokenOf(extra.signal));
        const results = answer.results.map(resultView);
        notes.unshift(...lexicalOnlyNotes(answer.lexicalOnly, folders.length));
        const q = answer.query;
        const query = q && { folder: q.folderId, file: q.file, path: join(q.folderId, ...q.file.split('/')), startLine: q.startLine, endLine: q.endLine, name: q.name, kind: q.kind };
        const semantic = answer.mode === 'semantic';
        const about = query ? `${query.name} (${query.kind}, ${query.file}:${query.startLine}-${query.endLine})` : 'the snippet';
        const heading = results.length === 0 ? `Nothing similar to ${about}.` : `${results.length} result${results.length === 1 ? '' : 's'} similar to ${about}${semantic ? '' : ' (keyword overlap only)'}:`;
        return toolAnswer({ ...(query && { query }), results, semantic, notes }, renderResults(heading, results, notes, session.folders.all.length > 1));
      }, extra.signal),
  );
}
