/**
 * What the user typed into the search picker, split into the words to search for and the scope:
 * `lang:py`, `path:src/` (or a glob, `path:**\/*.test.ts`) and `folder:api` (multi-root), each repeatable.
 * Pure.
 */
import type { SearchScope } from '../../core/search/searchScope';

export interface ParsedQuery {
  /** The query without its scope tokens. */
  text: string;
  scope: SearchScope;
  /** Workspace folder names (`folder:`), matched case-insensitively. */
  folders: string[];
}

const TOKEN = /(^|\s)(lang|language|path|folder):("[^"]*"|\S+)/gi;

export function parseQuery(input: string): ParsedQuery {
  const languages: string[] = [];
  const paths: string[] = [];
  const folders: string[] = [];
  const text = input
    .replace(TOKEN, (_match, lead: string, key: string, raw: string) => {
      const value = raw.replace(/^"|"$/g, '');
      if (value === '') return lead;
      const k = key.toLowerCase();
      if (k === 'path') paths.push(value);
      else if (k === 'folder') folders.push(value);
      else languages.push(value);
      return lead;
    })
    .replace(/\s+/g, ' ')
    .trim();
  const scope: SearchScope = {};
  if (languages.length > 0) scope.languages = languages;
  if (paths.length > 0) scope.paths = paths;
  return { text, scope, folders };
}

/** The scope in a few words for the picker's title: "python · src/ · folder api". */
export function scopeText(parsed: ParsedQuery): string {
  return [...(parsed.scope.languages ?? []), ...(parsed.scope.paths ?? []), ...parsed.folders.map((f) => `folder ${f}`)].join(' · ');
}
