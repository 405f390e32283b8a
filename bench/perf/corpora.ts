import Database from 'better-sqlite3';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { baselineTokens } from '../lib/bm25Baseline';
import type { CorpusSpec } from './runCorpus';
import { seededRandom, syntheticQueries, writeSyntheticRepo } from './synthetic';

/**
 * The perf corpora: the TypeScript compiler's published `lib/` folder (a real, large package: two
 * multi-megabyte bundles, the lib.*.d.ts declarations and localized message catalogues), and the
 * synthetic repository at 1x, 4x and 16x.
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

export function typescriptLibCorpus(workDir: string, queryCount: number): CorpusSpec {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pkgJson = require.resolve('typescript/package.json');
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const root = join(workDir, 'perf', 'typescript-lib', 'src');
  rmSync(root, { recursive: true, force: true });
  cpSync(join(dirname(pkgJson), 'lib'), root, { recursive: true });
  return {
    name: 'typescript-lib',
    description: `typescript@${version} lib/ (the published compiler: typescript.js, _tsc.js, lib.*.d.ts, message catalogues)`,
    root,
    // typescript.js is 9 MB: above the default 1 MB limit, so the limit is raised to index it.
    indexArgs: ['--max-file-bytes', String(16 * 2 ** 20)],
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
