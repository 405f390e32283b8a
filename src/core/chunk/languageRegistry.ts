import { LanguageRules } from './languageRules';
import type { LanguageSpec } from './languageSpec';

/** Names for files that have no grammar, so that units still say what they are. */
const PLAIN_LANGUAGES: ReadonlyMap<string, string> = new Map(Object.entries({
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.rst': 'restructuredtext',
  '.txt': 'text',
  '.json': 'json',
  '.jsonc': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.xml': 'xml',
  '.html': 'html',
  '.htm': 'html',
  '.css': 'css',
  '.scss': 'scss',
  '.less': 'less',
  '.sql': 'sql',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.vue': 'vue',
  '.svelte': 'svelte',
  '.kt': 'kotlin',
  '.swift': 'swift',
  '.scala': 'scala',
  '.lua': 'lua',
  '.dart': 'dart',
}));

/** Base name and lower-case extension ('' when none) of a '/'- or '\\'-separated path. */
export function splitFileName(path: string): { base: string; ext: string } {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return { base, ext: dot > 0 ? base.slice(dot).toLowerCase() : '' };
}

/** Finds the language of a path by its base name, then by its extension. */
export class LanguageRegistry {
  private readonly byExtension = new Map<string, LanguageRules>();
  private readonly byFileName = new Map<string, LanguageRules>();

  constructor(specs: readonly LanguageSpec[]) {
    for (const spec of specs) {
      const rules = new LanguageRules(spec);
      for (const ext of spec.extensions) this.byExtension.set(ext, rules);
      for (const name of spec.fileNames ?? []) this.byFileName.set(name, rules);
    }
  }

  forPath(path: string): LanguageRules | undefined {
    const { base, ext } = splitFileName(path);
    return this.byFileName.get(base) ?? this.byExtension.get(ext);
  }

  /** The language name of a path without a grammar: 'markdown', 'json', ..., or 'text'. */
  plainLanguageOf(path: string): string {
    return PLAIN_LANGUAGES.get(splitFileName(path).ext) ?? 'text';
  }
}
