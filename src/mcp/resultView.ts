/** Search and find-similar results as the MCP tools return them: structured, and as a short text. */
import { join } from 'node:path';
import { z } from 'zod';
import type { FolderResult, LexicalOnlyNotes } from '../shared/protocol';
import { definedProps } from '../core/definedProps';

export const resultShape = z.object({
  folder: z.string().describe('The served folder the file is in (absolute path).'),
  file: z.string().describe("Path relative to the folder, '/'-separated."),
  path: z.string().describe('Absolute path of the file, to open it.'),
  startLine: z.number().int().describe('First line of the unit, 1-based.'),
  endLine: z.number().int().describe('Last line of the unit, inclusive.'),
  name: z.string(),
  kind: z.string().describe('function, method, class, block (lines of a file without a grammar) or file.'),
  container: z.string().optional().describe("The class, impl, module or object the unit belongs to, when it is a member: show it as 'container.name'."),
  window: z
    .object({ index: z.number().int().describe('0-based.'), count: z.number().int() })
    .optional()
    .describe('Set when the unit is long and was indexed in parts: the result is part index + 1 of count, the one that matched best (startLine/endLine are its lines).'),
  language: z.string(),
  score: z.number().describe('Higher is better; comparable within one answer only.'),
  snippet: z.string().describe('The first lines of the unit.'),
  matchedBy: z.array(z.enum(['semantic', 'lexical'])).describe('Which rankers found it: by meaning, by keywords, or both.'),
});

export type ResultView = z.infer<typeof resultShape>;

export function resultView(r: FolderResult): ResultView {
  return {
    folder: r.folderId,
    file: r.file,
    path: join(r.folderId, ...r.file.split('/')),
    startLine: r.startLine,
    endLine: r.endLine,
    name: r.name,
    kind: r.kind,
    ...definedProps({ container: r.container }),
    ...(r.window !== undefined && { window: { index: r.window.index, count: r.window.count } }),
    language: r.language,
    score: Number(r.score.toFixed(6)),
    snippet: r.snippet,
    matchedBy: r.matchedBy,
  };
}

/** Why some folders answered by keywords only, in a sentence each. */
export function lexicalOnlyNotes(notes: LexicalOnlyNotes, folderCount: number): string[] {
  return notes.map((n) => `Keyword matches only${folderCount > 1 ? ` in ${n.folderId}` : ''}: ${n.reason.replace(/\.+$/, '')}.`);
}

const SNIPPET_LINES = 3;

/** One line per result (path:lines, name, kind, score) and its first lines indented; notes at the end. */
export function renderResults(heading: string, results: readonly ResultView[], notes: readonly string[], severalFolders: boolean): string {
  const lines = [heading];
  for (const r of results) {
    const where = severalFolders ? r.path : r.file;
    const name = r.container === undefined ? r.name : `${r.container}.${r.name}`;
    const part = r.window === undefined ? '' : `, part ${r.window.index + 1} of ${r.window.count}`;
    lines.push(`${where}:${r.startLine}-${r.endLine}  ${name} (${r.kind}${part}, ${r.language})  ${r.score.toFixed(3)}`);
    for (const l of r.snippet.split('\n').slice(0, SNIPPET_LINES)) lines.push(`    ${l.length > 120 ? `${l.slice(0, 117)}...` : l}`);
  }
  for (const n of notes) lines.push(`Note: ${n}`);
  return lines.join('\n');
}
