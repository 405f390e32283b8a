/**
 * Generates source files in several languages from a small vocabulary, so that lexical queries built from
 * the same words match many units with BM25 ties and near-ties, and some units are long enough to be split
 * into windows.
 */
import type { Prng } from './prng';

export const VOCABULARY = [
  'retry', 'upload', 'parse', 'config', 'cache', 'evict', 'invoice', 'fee', 'token', 'stream', 'buffer', 'socket',
  'query', 'index', 'merge', 'split', 'render', 'widget', 'user', 'session', 'queue', 'worker', 'batch', 'limit',
  'timeout', 'backoff', 'hash', 'digest', 'encode', 'decode', 'path', 'file', 'error', 'report', 'metric', 'total',
] as const;

export type Language = 'typescript' | 'javascript' | 'python' | 'go' | 'rust' | 'java' | 'markdown';

export const LANGUAGES: Record<Language, { ext: string; dirs: readonly string[] }> = {
  typescript: { ext: 'ts', dirs: ['src', 'src/util', 'src/upload'] },
  javascript: { ext: 'js', dirs: ['lib', 'web/static'] },
  python: { ext: 'py', dirs: ['scripts', 'tools/py'] },
  go: { ext: 'go', dirs: ['services/billing', 'cmd/server'] },
  rust: { ext: 'rs', dirs: ['crates/cache/src', 'crates/core/src'] },
  java: { ext: 'java', dirs: ['app/src/main/java'] },
  markdown: { ext: 'md', dirs: ['docs', ''] },
};

const words = (prng: Prng, n: number): string[] => Array.from({ length: n }, () => prng.pick(VOCABULARY));
const camel = (w: string[]): string => w.map((x, i) => (i === 0 ? x : x[0]!.toUpperCase() + x.slice(1))).join('');
const pascal = (w: string[]): string => w.map((x) => x[0]!.toUpperCase() + x.slice(1)).join('');
const snake = (w: string[]): string => w.join('_');

/** One statement's worth of identifiers and a number. */
function statement(prng: Prng): { target: string; source: string; n: number; comment: string } {
  return { target: camel(words(prng, 2)), source: camel(words(prng, 2)), n: prng.int(1000), comment: words(prng, prng.between(2, 6)).join(' ') };
}

/** A function (or method, for Java) in `language`, named from the vocabulary; `long` ones span windows. */
export function generateUnit(prng: Prng, language: Language, long = false): string {
  const name = words(prng, prng.between(1, 3));
  const doc = words(prng, prng.between(3, 9)).join(' ');
  const count = long ? prng.between(40, 60) : prng.between(1, 4);
  const body = Array.from({ length: count }, () => statement(prng));
  switch (language) {
    case 'typescript':
    case 'javascript': {
      const sig = language === 'typescript' ? `(input: number): number` : `(input)`;
      const lines = body.map((s) => `  // ${s.comment}\n  const ${s.target} = input + ${s.n}; void ${s.source};`);
      return `/** ${doc} */\nexport function ${camel(name)}${sig} {\n${lines.join('\n')}\n  return input;\n}\n`;
    }
    case 'python': {
      const lines = body.map((s) => `    # ${s.comment}\n    ${snake([s.target.toLowerCase()])} = value + ${s.n}`);
      return `def ${snake(name)}(value):\n    """${doc}"""\n${lines.join('\n')}\n    return value\n`;
    }
    case 'go': {
      const lines = body.map((s) => `\t// ${s.comment}\n\t${s.target} := value + ${s.n}\n\t_ = ${s.target}`);
      return `// ${pascal(name)} ${doc}\nfunc ${pascal(name)}(value int) int {\n${lines.join('\n')}\n\treturn value\n}\n`;
    }
    case 'rust': {
      const lines = body.map((s) => `    // ${s.comment}\n    let ${snake([s.target.toLowerCase()])} = value + ${s.n};`);
      return `/// ${doc}\npub fn ${snake(name)}(value: i64) -> i64 {\n${lines.join('\n')}\n    value\n}\n`;
    }
    case 'java': {
      const lines = body.map((s) => `        // ${s.comment}\n        int ${s.target} = value + ${s.n};`);
      return `    /** ${doc} */\n    public int ${camel(name)}(int value) {\n${lines.join('\n')}\n        return value;\n    }\n`;
    }
    case 'markdown':
      return `## ${pascal(name)}\n\n${body.map((s) => `${s.comment} ${s.target}.`).join(' ')}\n`;
  }
}

/** A whole file: `units` functions, wrapped as the language needs (a package, a class). */
export function generateFile(prng: Prng, language: Language, units = prng.between(1, 4)): string {
  const parts = Array.from({ length: units }, () => generateUnit(prng, language, prng.chance(0.04)));
  switch (language) {
    case 'go':
      return `package ${prng.pick(VOCABULARY)}\n\n${parts.join('\n')}`;
    case 'java':
      return `public class ${pascal(words(prng, 2))} {\n${parts.join('\n')}}\n`;
    case 'markdown':
      return `# ${pascal(words(prng, 2))}\n\n${parts.join('\n')}`;
    default:
      return parts.join('\n');
  }
}

/** Adds a unit where the language allows one (before a Java class's closing brace, else at the end). */
export function withExtraUnit(prng: Prng, language: Language, text: string): string {
  const unit = generateUnit(prng, language);
  if (language === 'java') {
    const end = text.lastIndexOf('}');
    return end < 0 ? text + unit : `${text.slice(0, end)}\n${unit}${text.slice(end)}`;
  }
  return `${text}\n${unit}`;
}

/** A new path for `language` that is not in `taken`. */
export function newPath(prng: Prng, language: Language, taken: (path: string) => boolean): string {
  const { ext, dirs } = LANGUAGES[language];
  for (;;) {
    const dir = prng.pick(dirs);
    const base = language === 'java' ? pascal(words(prng, 2)) : language === 'python' || language === 'rust' ? snake(words(prng, 2)) : camel(words(prng, 2));
    const path = `${dir ? `${dir}/` : ''}${base}.${ext}`;
    if (!taken(path)) return path;
  }
}

export function languageOf(path: string): Language | undefined {
  const ext = path.slice(path.lastIndexOf('.') + 1);
  return (Object.keys(LANGUAGES) as Language[]).find((l) => LANGUAGES[l].ext === ext);
}

/** The query set compared after every step: vocabulary words, identifiers and natural language. */
export const QUERIES = [
  'retry upload',
  'parse config cache',
  'invoice fee total',
  'token',
  'stream buffer socket',
  'evict cache limit timeout',
  'retryUpload',
  'hash_digest',
  'where do we decode the session token',
  'render widget for user',
  'worker queue batch',
  'error report metric',
];
