import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { stripDocComments } from './docComments';

/**
 * Builds the "doc comments" retrieval set from a published npm package (see BENCHMARKS.md):
 * 1. `npm pack NAME@VERSION` into a cache folder; the tarball's sha512 must equal the pinned integrity.
 * 2. Every .ts/.js source under the package's source folder is copied with ALL its doc comments removed
 *    (`files/`): the index never sees the text the queries are made of.
 * 3. Each documented function (declaration, method, or function value bound to a name) with a doc
 *    description of three words or more gives one query: the description's first sentence. Functions
 *    whose first sentences are identical share one query with several targets.
 * 4. The target is the function's lines in the stripped copy; a search result is correct when it is in the
 *    same file and overlaps those lines (file-level units do not count).
 */

export interface DocSetSource {
  name: string;
  version: string;
  /** `dist.integrity` from the registry: the bench refuses any other bytes. */
  integrity: string;
  /** Folder inside the package whose sources are indexed. */
  sourceDir: string;
  licence: string;
}

export const RXJS_SOURCE: DocSetSource = {
  name: 'rxjs',
  version: '7.8.2',
  integrity: 'sha512-dhKf903U/PQZY6boNNtAGdWbG85WAbjT/1xYoZIC7FAY0yWapOBQVsVrDl58W86//e1VpMNBtRV4MaXfdMySFA==',
  sourceDir: 'src',
  licence: 'Apache-2.0',
};

const SOURCE_FILE = /\.(?:ts|tsx|js|jsx|mjs|cjs)$/;
const BUILDER_VERSION = 1;

export interface DocSetSummary {
  dir: string;
  package: string;
  files: number;
  queries: number;
  targets: number;
  removedComments: number;
}

function sha512(path: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(path)).digest('base64')}`;
}

/** The package tarball in `cacheDir`, fetched with `npm pack` when absent, checked against the pinned integrity. */
export function fetchPackage(source: DocSetSource, cacheDir: string): string {
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, `${source.name.replace(/^@/, '').replace('/', '-')}-${source.version}.tgz`);
  if (!existsSync(tarball)) {
    execFileSync('npm', ['pack', `${source.name}@${source.version}`, '--pack-destination', cacheDir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const actual = sha512(tarball);
  if (actual !== source.integrity) {
    throw new Error(`${tarball} has integrity ${actual}, expected ${source.integrity}: delete it and run again, or check the registry.`);
  }
  return tarball;
}

function listSources(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(root, path);
    return entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative(root, path).split(sep).join('/')] : [];
  });
}

interface Query {
  id: string;
  text: string;
}

interface Qrel {
  query_id: string;
  file: string;
  startLine: number;
  endLine: number;
  name: string;
}

/** Builds the set into `outDir` from an unpacked package folder. */
export function buildDocSetFromFolder(packageDir: string, source: DocSetSource, outDir: string): DocSetSummary {
  const srcRoot = join(packageDir, source.sourceDir);
  rmSync(outDir, { recursive: true, force: true });
  const filesDir = join(outDir, 'files');
  const queryByText = new Map<string, Query>();
  const qrels: Qrel[] = [];
  let removedComments = 0;
  const files = listSources(srcRoot).sort();
  for (const file of files) {
    const stripped = stripDocComments(file, readFileSync(join(srcRoot, file), 'utf8'));
    removedComments += stripped.removedComments;
    const out = join(filesDir, file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, stripped.text);
    for (const fn of stripped.functions) {
      let query = queryByText.get(fn.firstSentence);
      if (!query) queryByText.set(fn.firstSentence, (query = { id: `q${queryByText.size + 1}`, text: fn.firstSentence }));
      qrels.push({ query_id: query.id, file, startLine: fn.startLine, endLine: fn.endLine, name: fn.name });
    }
  }
  const queries = [...queryByText.values()];
  writeFileSync(join(outDir, 'queries.jsonl'), queries.map((q) => JSON.stringify({ _id: q.id, text: q.text })).join('\n') + '\n');
  writeFileSync(join(outDir, 'qrels.jsonl'), qrels.map((q) => JSON.stringify(q)).join('\n') + '\n');
  const summary: DocSetSummary = { dir: outDir, package: `${source.name}@${source.version}`, files: files.length, queries: queries.length, targets: qrels.length, removedComments };
  writeFileSync(join(outDir, 'set.json'), JSON.stringify({ builderVersion: BUILDER_VERSION, ...summary, integrity: source.integrity, sourceDir: source.sourceDir, licence: source.licence }, null, 2) + '\n');
  writeFileSync(
    join(outDir, 'README.md'),
    `# Doc-comment retrieval set from ${source.name}@${source.version}\n\nGenerated by bench/docset (builder version ${BUILDER_VERSION}); do not edit.\n` +
      `Sources: \`${source.sourceDir}/\` of the npm package (${source.licence}), doc comments removed, in \`files/\`.\n` +
      `Queries: first sentence of each documented function's doc comment (${queries.length} queries, ${qrels.length} targets in ${files.length} files).\n`,
  );
  return summary;
}

/** Returns the set folder under `workDir`, building it (and fetching the package) unless a current build is there. */
export function ensureDocSet(source: DocSetSource, workDir: string): DocSetSummary {
  const outDir = join(workDir, 'sets', `${source.name.replace(/[@/]/g, '_')}-${source.version}-docs`);
  const marker = join(outDir, 'set.json');
  if (existsSync(marker)) {
    const meta = JSON.parse(readFileSync(marker, 'utf8')) as DocSetSummary & { builderVersion: number; integrity: string };
    if (meta.builderVersion === BUILDER_VERSION && meta.integrity === source.integrity) return { ...meta, dir: outDir };
  }
  const tarball = fetchPackage(source, join(workDir, 'packages'));
  const unpacked = join(workDir, 'packages', `${source.name.replace(/[@/]/g, '_')}-${source.version}`);
  rmSync(unpacked, { recursive: true, force: true });
  mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked], { stdio: 'inherit' });
  return buildDocSetFromFolder(join(unpacked, 'package'), source, outDir);
}
