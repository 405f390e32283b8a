import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/** The floors an index run cannot beat: listing and reading the files, and parsing them. */

export interface ScanFloor {
  tool: string;
  files: number;
  bytes: number;
  listMs: number;
  readMs: number;
}

/** `rg --files` (same ignore rules a developer expects) then reading every listed file; undefined without rg. */
export function ripgrepFloor(root: string): ScanFloor | undefined {
  let listing: string;
  const started = performance.now();
  try {
    listing = execFileSync('rg', ['--files', '--no-config'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const listMs = performance.now() - started;
  const files = listing.split('\n').filter((l) => l !== '');
  const readStart = performance.now();
  let bytes = 0;
  for (const f of files) bytes += readFileSync(join(root, f)).byteLength;
  const versionLine = execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'rg';
  return { tool: versionLine, files: files.length, bytes, listMs, readMs: performance.now() - readStart };
}

const GRAMMAR_BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'tsx',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.py': 'python', '.go': 'go', '.rs': 'rust', '.java': 'java', '.rb': 'ruby', '.php': 'php', '.cs': 'c-sharp', '.cpp': 'cpp', '.sh': 'bash',
};

export interface ParseFloor {
  files: number;
  bytes: number;
  /** Parse time only (grammars loaded beforehand, files read beforehand). */
  parseMs: number;
  /** Files whose tree has error nodes (still parsed). */
  withErrors: number;
}

/** web-tree-sitter parse of every file that has a grammar in @vscode/tree-sitter-wasm, nothing else. */
export async function treeSitterFloor(root: string, files: readonly string[]): Promise<ParseFloor> {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const grammarDir = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
  await Parser.init();
  const languages = new Map<string, Language>();
  const work: { language: Language; text: string }[] = [];
  let bytes = 0;
  for (const f of files) {
    const grammar = GRAMMAR_BY_EXTENSION[extname(f)];
    if (!grammar || f.endsWith('.d.ts.map')) continue;
    let language = languages.get(grammar);
    if (!language) languages.set(grammar, (language = await Language.load(join(grammarDir, `tree-sitter-${grammar}.wasm`))));
    const text = readFileSync(join(root, f), 'utf8');
    bytes += Buffer.byteLength(text);
    work.push({ language, text });
  }
  const parser = new Parser();
  let withErrors = 0;
  const started = performance.now();
  for (const { language, text } of work) {
    parser.setLanguage(language);
    const tree = parser.parse(text);
    if (tree?.rootNode.hasError) withErrors++;
    tree?.delete();
  }
  const parseMs = performance.now() - started;
  parser.delete();
  return { files: work.length, bytes, parseMs, withErrors };
}
