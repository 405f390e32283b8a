/** The `path` and `language` narrowing of search_code, applied to ranked results. */
import picomatch from 'picomatch';
import type { FolderResult } from '../shared/protocol';

/** Names agents use for languages, mapped to the engine's language ids. */
const LANGUAGE_ALIASES: Record<string, readonly string[]> = {
  ts: ['typescript', 'tsx'],
  typescript: ['typescript', 'tsx'],
  js: ['javascript'],
  jsx: ['javascript'],
  py: ['python'],
  rs: ['rust'],
  cs: ['csharp'],
  'c#': ['csharp'],
  'c++': ['cpp'],
  rb: ['ruby'],
  sh: ['bash'],
  shell: ['bash'],
};

export interface ResultFilter {
  matches(result: FolderResult): boolean;
  /** How the filter reads, for notes ("path src/**, language go"). */
  readonly description: string;
}

/** undefined when nothing narrows the results. */
export function resultFilter(path: string | undefined, language: string | undefined): ResultFilter | undefined {
  const glob = path?.trim() ? picomatch(path.trim().replace(/^\.\//, ''), { dot: true }) : undefined;
  const wanted = language?.trim() ? languageIds(language.trim().toLowerCase()) : undefined;
  if (!glob && !wanted) return undefined;
  return {
    matches: (r) => (glob === undefined || glob(r.file)) && (wanted === undefined || wanted.includes(r.language.toLowerCase())),
    description: [glob && `path ${path!.trim()}`, wanted && `language ${language!.trim()}`].filter(Boolean).join(', '),
  };
}

function languageIds(language: string): readonly string[] {
  return LANGUAGE_ALIASES[language] ?? [language];
}
