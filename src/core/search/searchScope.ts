/**
 * Narrowing a search to some languages and paths: `lang:py path:src/` in the picker, `--lang`/`--path` for
 * whoever wants it. A result is kept when its language (or file extension) is one of `languages` and its
 * path matches one of `paths`. Pure.
 */
import picomatch from 'picomatch';
import { LANGUAGES } from '../chunk/languages';

export interface SearchScope {
  /** Language ids (`python`) or short names and extensions (`py`, `ts`, `.rs`); any of them. */
  languages?: string[];
  /** Folder prefixes (`src/`, `lib/util`) or globs (`**\/*.test.ts`, `*.go`), relative to the folder; any of them. */
  paths?: string[];
}

const SHORT_NAMES: Record<string, string[]> = {
  py: ['python'], ts: ['typescript', 'tsx'], typescript: ['typescript', 'tsx'], js: ['javascript'], rs: ['rust'], rb: ['ruby'],
  cs: ['csharp'], 'c#': ['csharp'], 'c++': ['cpp'], sh: ['bash'], shell: ['bash'], golang: ['go'], kt: ['kotlin'],
};

export function isEmptyScope(scope: SearchScope | undefined): boolean {
  return !scope || ((scope.languages?.length ?? 0) === 0 && (scope.paths?.length ?? 0) === 0);
}

/** A predicate over results (`file` relative, '/'-separated; `language` as the chunker names it). */
export function scopeMatcher(scope: SearchScope): (result: { file: string; language: string }) => boolean {
  const languages = new Set<string>();
  const extensions = new Set<string>();
  for (const raw of scope.languages ?? []) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (name.startsWith('.')) extensions.add(name);
    for (const id of SHORT_NAMES[name] ?? [name]) {
      languages.add(id);
      for (const ext of LANGUAGES.find((l) => l.id === id)?.extensions ?? []) extensions.add(ext);
    }
    extensions.add(`.${name}`);
  }
  const paths = (scope.paths ?? []).map((p) => p.trim().replace(/^\.?\//, '')).filter((p) => p !== '').map(pathMatcher);
  return (result) => {
    if (languages.size + extensions.size > 0) {
      const dot = result.file.lastIndexOf('.');
      const ext = dot > result.file.lastIndexOf('/') ? result.file.slice(dot).toLowerCase() : '';
      if (!languages.has(result.language) && !extensions.has(ext)) return false;
    }
    return paths.length === 0 || paths.some((m) => m(result.file));
  };
}

function pathMatcher(pattern: string): (file: string) => boolean {
  if (!/[*?[\]{}!]/.test(pattern)) {
    // A plain path: the folder (or file) and everything under it.
    const prefix = pattern.replace(/\/+$/, '');
    return (file) => file === prefix || file.startsWith(`${prefix}/`);
  }
  return picomatch(pattern, { dot: true, matchBase: !pattern.includes('/') });
}
