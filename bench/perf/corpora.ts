import Database from 'better-sqlite3';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { baselineTokens } from '../lib/bm25Baseline';
import type { CorpusSpec } from './runCorpus';
import { seededRandom, syntheticQueries, writeSyntheticRepo } from './synthetic';

/**
 * The perf corpora: a real package's published sources (ESLint's lib/ by default, the TypeScript
 * compiler's lib/ on request), and the synthetic repository at 1x, 4x and 16x.
 */

/** Queries made of the words of function and method names found in the index ("create source file"). */
function nameQueries(indexDir: string, count: number): string[] {
  const db = new Database(join(indexDir, 'index.sqlite'), { readonly: true });
  try {
    const names = db.prepare("select distinct name from chunks where kind in ('function', 'method') order by name").pluck().all() as string[];
    const rand = seededRandom(11);
    const out: string[] = [];
    for (let i = 0; i < count && names.length > 0; i++) {
      const words = baselineTokens(names[Math.floor(rand() * names.length)]!);
      out.push(words.join(' ') || 'function');
    }
    return out;
  } finally {
    db.close();
  }
}

/** Real packages the perf bench can index, as installed in node_modules by `npm ci` (the lockfile pins them). */
export const REAL_CORPORA = {
  // ESLint's own sources: ~400 CommonJS files, 3.8 MB, many small documented functions. Fits the ten-minute budget.
  eslint: { packageName: 'eslint', folder: 'lib', maxFileBytes: undefined },
  // The TypeScript compiler as published: typescript.js (9 MB) and _tsc.js (6 MB) plus lib.*.d.ts, ~55,000 chunks;
  // far beyond the ten-minute budget on 2 cores (the limit is raised so the 9 MB bundle is indexed).
  typescript: { packageName: 'typescript', folder: 'lib', maxFileBytes: 16 * 2 ** 20 },
} as const;

export type RealCorpusName = keyof typeof REAL_CORPORA;

export function isRealCorpusName(name: string): name is RealCorpusName {
  return Object.hasOwn(REAL_CORPORA, name);
}

/** A fresh copy of an installed package's folder (the edit step writes to it). */
export function realPackageCorpus(name: RealCorpusName, workDir: string, queryCount: number): CorpusSpec {
  const spec = REAL_CORPORA[name];
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pkgJson = require.resolve(`${spec.packageName}/package.json`);
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const root = join(workDir, 'perf', `${name}-${spec.folder}`, 'src');
  rmSync(root, { recursive: true, force: true });
  cpSync(join(dirname(pkgJson), spec.folder), root, { recursive: true });
  return {
    name: `${spec.packageName}@${version}/${spec.folder}`,
    description: `${spec.packageName}@${version} ${spec.folder}/ as installed from the npm registry`,
    root,
    indexArgs: spec.maxFileBytes === undefined ? [] : ['--max-file-bytes', String(spec.maxFileBytes)],
    queries: (indexDir) => nameQueries(indexDir, queryCount),
  };
}

export function syntheticCorpus(workDir: string, files: number, scale: number, queryCount: number): CorpusSpec {
  const root = join(workDir, 'perf', `synthetic-${scale}x`, 'src');
  writeSyntheticRepo(root, files);
  return {
    name: `synthetic-${scale}x`,
    description: `synthetic repository, ${files} files (TypeScript, Python, Go in turn)`,
    root,
    indexArgs: [],
    queries: () => syntheticQueries(queryCount),
  };
}
