import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * A retrieval set: documents (files), queries, and for each query what counts as a correct answer.
 *
 * Two folder layouts are read:
 * - "corpus" (CoSQA, BEIR-style): `corpus.jsonl` ({_id, text, language?}), `queries.jsonl` ({_id, text}),
 *   `qrels.tsv` (query_id, corpus_id, score; header line). Each corpus entry becomes its own file
 *   `<_id>.<ext>`; a result is correct when its file is the gold entry's file.
 * - "repo" (built by bench/docset): `files/` (a source tree), `queries.jsonl` ({_id, text}) and
 *   `qrels.jsonl` ({query_id, file, startLine, endLine}); a result is correct when it is in the same file
 *   and its lines overlap the target's.
 */
export interface SetDocument {
  /** Path relative to the set's source root, '/'-separated. */
  file: string;
  text: string;
}

export interface SetQuery {
  id: string;
  text: string;
}

/** What answers a query: a whole file, or a line range in a file (1-based, inclusive). */
export interface Target {
  file: string;
  lines?: { start: number; end: number };
}

export interface RetrievalSet {
  name: string;
  kind: 'corpus' | 'repo';
  documents: SetDocument[];
  queries: SetQuery[];
  /** Query id → its targets. Queries without targets are dropped at load time. */
  targets: Map<string, Target[]>;
}

const EXTENSION_BY_LANGUAGE: Record<string, string> = { python: 'py', javascript: 'js', typescript: 'ts', go: 'go', java: 'java', ruby: 'rb', php: 'php' };

function readJsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch (err) {
        throw new Error(`${path}:${i + 1} is not valid JSON (${String(err)})`);
      }
    });
}

function stringField(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${where}: missing "${key}"`);
  return String(value);
}

function readQueries(dir: string): SetQuery[] {
  const path = join(dir, 'queries.jsonl');
  return readJsonLines(path).map((r, i) => ({ id: stringField(r, '_id', `${path}:${i + 1}`), text: stringField(r, 'text', `${path}:${i + 1}`) }));
}

/** The file name a corpus entry is written to: `<_id>.<ext>` with the extension of its language. */
export function corpusFileName(id: string, language: string | undefined): string {
  const ext = EXTENSION_BY_LANGUAGE[language ?? 'python'] ?? 'txt';
  return `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
}

function loadCorpusSet(dir: string, name: string): RetrievalSet {
  const corpusPath = join(dir, 'corpus.jsonl');
  const fileById = new Map<string, string>();
  const documents = readJsonLines(corpusPath).map((r, i) => {
    const id = stringField(r, '_id', `${corpusPath}:${i + 1}`);
    const language = typeof r['language'] === 'string' ? r['language'] : undefined;
    const file = corpusFileName(id, language);
    fileById.set(id, file);
    return { file, text: stringField(r, 'text', `${corpusPath}:${i + 1}`) };
  });
  const targets = new Map<string, Target[]>();
  const qrelsPath = join(dir, 'qrels.tsv');
  const lines = readFileSync(qrelsPath, 'utf8').split('\n').slice(1);
  for (const line of lines) {
    if (line.trim() === '') continue;
    const [queryId, corpusId, score] = line.split('\t');
    if (!queryId || !corpusId || Number(score) <= 0) continue;
    const file = fileById.get(corpusId);
    if (!file) throw new Error(`${qrelsPath}: corpus id ${corpusId} is not in corpus.jsonl`);
    targets.set(queryId, [...(targets.get(queryId) ?? []), { file }]);
  }
  return finish({ name, kind: 'corpus', documents, queries: readQueries(dir), targets });
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(root, path);
    return entry.isFile() ? [relative(root, path).split(sep).join('/')] : [];
  });
}

function loadRepoSet(dir: string, name: string): RetrievalSet {
  const filesDir = join(dir, 'files');
  const documents = listFiles(filesDir)
    .sort()
    .map((file) => ({ file, text: readFileSync(join(filesDir, file), 'utf8') }));
  const qrelsPath = join(dir, 'qrels.jsonl');
  const targets = new Map<string, Target[]>();
  readJsonLines(qrelsPath).forEach((r, i) => {
    const where = `${qrelsPath}:${i + 1}`;
    const queryId = stringField(r, 'query_id', where);
    const target: Target = {
      file: stringField(r, 'file', where),
      lines: { start: Number(stringField(r, 'startLine', where)), end: Number(stringField(r, 'endLine', where)) },
    };
    targets.set(queryId, [...(targets.get(queryId) ?? []), target]);
  });
  return finish({ name, kind: 'repo', documents, queries: readQueries(dir), targets });
}

function finish(set: RetrievalSet): RetrievalSet {
  return { ...set, queries: set.queries.filter((q) => set.targets.has(q.id)) };
}

/** Reads a set folder in either layout (see RetrievalSet). */
export function loadRetrievalSet(dir: string, name = dir.split(/[\\/]/).filter(Boolean).pop() ?? dir): RetrievalSet {
  if (existsSync(join(dir, 'corpus.jsonl')) && existsSync(join(dir, 'qrels.tsv'))) return loadCorpusSet(dir, name);
  if (existsSync(join(dir, 'files')) && existsSync(join(dir, 'qrels.jsonl'))) return loadRepoSet(dir, name);
  throw new Error(`${dir} is not a retrieval set: expected corpus.jsonl + qrels.tsv + queries.jsonl, or files/ + qrels.jsonl + queries.jsonl`);
}
