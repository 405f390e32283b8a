import { correctionNote } from '../../core/search/spelling';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CodeloupeError } from '../../core/errors';
import type { EngineSession } from '../engineSession';
import { lexicalOnlyNotes, renderResults, resultShape, resultView } from '../resultView';
import { resultFilter } from '../resultFilter';
import { answering, tokenOf, toolAnswer } from '../toolKit';
import { indexedFolders } from './folderChecks';

/** With a path or language filter, this many ranked results are looked at to find k that match. */
const FILTER_POOL = 200;

export function registerSearchCode(server: McpServer, session: EngineSession): void {
  server.registerTool(
    'search_code',
    {
      title: 'Search code',
      description:
        'Searches the code of the served folders by meaning and by keywords, with a local index (embeddings fused with BM25). ' +
        'Use it before reading files, to find where something is implemented: describe what the code does ("retry a failed upload with backoff") ' +
        'or give identifiers that appear in it. Returns the best-matching functions, methods and classes: folder, file, absolute path, line range, ' +
        'kind, score and their first lines. Narrow with `path` (a glob relative to the folder) or `language`. Results reflect file changes the ' +
        'server has seen. Fails with E_INDEX_MISSING when a folder has no index yet: then call reindex once.',
      inputSchema: {
        query: z.string().min(1).describe('What the code does, in words, or names that appear in it. At most the first 512 tokens are used.'),
        k: z.number().int().min(1).max(50).optional().describe('How many results (default 10).'),
        mode: z.enum(['hybrid', 'semantic', 'lexical']).optional().describe('hybrid (default): meaning and keywords; semantic: meaning only; lexical: keywords only.'),
        path: z.string().optional().describe('Only files whose path relative to their folder matches this glob, e.g. "src/**/*.ts" or "**/test/**".'),
        language: z.string().optional().describe('Only this language: typescript, tsx, javascript, python, go, rust, java, csharp, cpp, c, ruby, php, bash, or another file type.'),
        folder: z.string().optional().describe('Search this served folder only (its path or name); all folders when left out.'),
      },
      outputSchema: {
        results: z.array(resultShape),
        semantic: z.boolean().describe('Whether ranking by meaning took part; false means keyword matches only (see notes for why).'),
        notes: z.array(z.string()).describe('Anything that limits the answer: keyword-only folders and why, folders without an index, filters, pending updates.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args, extra) =>
      answering(async () => {
        if (args.query.trim() === '') throw new CodeloupeError('E_BAD_ARGUMENT', 'The query is empty.', { hint: 'Describe what the code does, or name identifiers in it.' });
        const k = args.k ?? 10;
        const mode = args.mode ?? 'hybrid';
        const { folders, notes } = await indexedFolders(session, session.folders.select(args.folder));
        if (!(await session.settle(folders))) notes.push('Some changed files are still being re-indexed; results may not show them yet.');
        const filter = resultFilter(args.path, args.language);
        const answer = await session.request('search', { query: args.query, k: filter ? Math.max(k, FILTER_POOL) : k, mode, folderIds: folders.map((f) => f.root) }, tokenOf(extra.signal));
        const matching = filter ? answer.results.filter((r) => filter.matches(r)) : answer.results;
        const results = matching.slice(0, k).map(resultView);
        if (filter && results.length < k) notes.push(`Only ${results.length} of the top ${answer.results.length} results match ${filter.description}.`);
        notes.unshift(...lexicalOnlyNotes(answer.lexicalOnly, folders.length));
        if (answer.corrected) notes.unshift(`Spelling: ${correctionNote(answer.corrected)}`);
        const semantic = mode !== 'lexical' && answer.lexicalOnly.length < folders.length;
        const heading = results.length === 0 ? `No results for "${args.query}".` : `${results.length} result${results.length === 1 ? '' : 's'} for "${args.query}" (${semantic ? mode : 'keywords only'}):`;
        return toolAnswer({ results, semantic, notes }, renderResults(heading, results, notes, session.folders.all.length > 1));
      }, extra.signal),
  );
}
