import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A synthetic repository of N source files (TypeScript, Python and Go in turn), deterministic for a seed:
 * each file has a few imports, 4 to 10 functions of 4 to 20 lines, and every third file a class with
 * methods. Names and bodies are drawn from a small vocabulary, so the text looks like code to the chunker
 * and the lexical index, while no two files are identical (nothing is deduplicated by content hash).
 */

const VERBS = ['get', 'set', 'load', 'save', 'parse', 'render', 'update', 'create', 'delete', 'find', 'merge', 'split', 'retry', 'validate', 'format', 'resolve', 'fetch', 'flush', 'encode', 'decode'];
const NOUNS = ['user', 'session', 'token', 'config', 'cache', 'record', 'upload', 'request', 'response', 'buffer', 'schema', 'route', 'query', 'batch', 'event', 'stream', 'file', 'index', 'vector', 'chunk', 'header', 'payload', 'account', 'invoice', 'order'];
const ADJS = ['failed', 'pending', 'cached', 'remote', 'local', 'stale', 'partial', 'signed', 'nested', 'empty'];

/** mulberry32: a tiny seeded PRNG, enough for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

function name(r: Rand, fileNo: number, i: number): [string, string, string] {
  return [pick(r, VERBS), pick(r, ADJS), `${pick(r, NOUNS)}${fileNo}x${i}`];
}

function tsFunction(r: Rand, fileNo: number, i: number, indent = ''): string {
  const [verb, adj, noun] = name(r, fileNo, i);
  const lines = [`${indent}export function ${verb}${cap(adj)}${cap(noun)}(input: ${cap(pick(r, NOUNS))}, limit = ${int(r, 1, 99)}): number {`];
  const n = int(r, 2, 16);
  for (let k = 0; k < n; k++) {
    const noun2 = pick(r, NOUNS);
    lines.push(`${indent}  const ${noun2}${k} = input.${pick(r, VERBS)}${cap(noun2)}(limit + ${k}); // ${pick(r, ADJS)} ${noun2}`);
  }
  lines.push(`${indent}  return ${int(r, 0, 1000)} + limit;`, `${indent}}`);
  return lines.join('\n');
}

function tsFile(r: Rand, fileNo: number): string {
  const parts = [`import { ${cap(pick(r, NOUNS))} } from './${pick(r, NOUNS)}';`, `import { ${pick(r, VERBS)}${cap(pick(r, NOUNS))} } from '../${pick(r, NOUNS)}/${pick(r, VERBS)}';`, ''];
  const count = int(r, 4, 10);
  for (let i = 0; i < count; i++) parts.push(tsFunction(r, fileNo, i), '');
  if (fileNo % 3 === 0) {
    const cls = `${cap(pick(r, ADJS))}${cap(pick(r, NOUNS))}Service${fileNo}`;
    parts.push(`export class ${cls} {`, `  private readonly ${pick(r, NOUNS)}s = new Map<string, number>();`, '');
    for (let i = 0; i < 3; i++) {
      const [verb, , noun] = name(r, fileNo, 100 + i);
      parts.push(`  ${verb}${cap(noun)}(key: string): number {`, `    const value = this.${pick(r, NOUNS)}s.get(key) ?? ${i};`, `    return value * ${int(r, 2, 9)};`, '  }', '');
    }
    parts.push('}', '');
  }
  return parts.join('\n');
}

function pyFile(r: Rand, fileNo: number): string {
  const parts = [`import ${pick(r, NOUNS)}`, `from ${pick(r, NOUNS)}.${pick(r, VERBS)} import ${pick(r, VERBS)}_${pick(r, NOUNS)}`, ''];
  const count = int(r, 4, 10);
  for (let i = 0; i < count; i++) {
    const [verb, adj, noun] = name(r, fileNo, i);
    parts.push(`def ${verb}_${adj}_${noun}(value, limit=${int(r, 1, 99)}):`);
    const n = int(r, 2, 16);
    for (let k = 0; k < n; k++) {
      const noun2 = pick(r, NOUNS);
      parts.push(`    ${noun2}_${k} = value.${pick(r, VERBS)}_${noun2}(limit + ${k})  # ${pick(r, ADJS)} ${noun2}`);
    }
    parts.push(`    return ${int(r, 0, 1000)} + limit`, '', '');
  }
  return parts.join('\n');
}

function goFile(r: Rand, fileNo: number): string {
  const parts = [`package ${pick(r, NOUNS)}`, '', `import "${pick(r, NOUNS)}/${pick(r, VERBS)}"`, ''];
  const count = int(r, 4, 10);
  for (let i = 0; i < count; i++) {
    const [verb, adj, noun] = name(r, fileNo, i);
    parts.push(`func ${cap(verb)}${cap(adj)}${cap(noun)}(value int, limit int) int {`);
    const n = int(r, 2, 16);
    for (let k = 0; k < n; k++) parts.push(`\t${pick(r, NOUNS)}${k} := ${pick(r, VERBS)}.${cap(pick(r, NOUNS))}(value + limit + ${k}) // ${pick(r, ADJS)}`);
    parts.push(`\treturn ${int(r, 0, 1000)} + limit`, '}', '');
  }
  return parts.join('\n');
}

const KINDS = [
  { ext: 'ts', make: tsFile },
  { ext: 'py', make: pyFile },
  { ext: 'go', make: goFile },
] as const;

/** The relative path and text of synthetic file number `fileNo` (0-based). */
export function syntheticFile(seed: number, fileNo: number): { path: string; text: string } {
  const r = seededRandom(seed * 1_000_003 + fileNo);
  const kind = KINDS[fileNo % KINDS.length]!;
  const folder = `pkg${Math.floor(fileNo / 50)}/${pick(r, NOUNS)}`;
  return { path: `${folder}/${pick(r, VERBS)}_${pick(r, NOUNS)}_${fileNo}.${kind.ext}`, text: kind.make(r, fileNo) };
}

/** Writes `files` synthetic files under `dir` (emptied first). Returns the paths written. */
export function writeSyntheticRepo(dir: string, files: number, seed = 1): string[] {
  rmSync(dir, { recursive: true, force: true });
  const paths: string[] = [];
  for (let i = 0; i < files; i++) {
    const f = syntheticFile(seed, i);
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.text);
    paths.push(f.path);
  }
  return paths;
}

/** Natural-language-ish queries over the same vocabulary ("retry failed upload"), deterministic. */
export function syntheticQueries(count: number, seed = 7): string[] {
  const r = seededRandom(seed);
  return Array.from({ length: count }, () => `${pick(r, VERBS)} ${pick(r, ADJS)} ${pick(r, NOUNS)}`);
}
