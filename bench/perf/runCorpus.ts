import Database from 'better-sqlite3';
import { appendFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { extname, join } from 'node:path';
import { defaultChunkThreads } from '../../src/core/chunk/threads/chunkThreadPool';
import { runCliOk } from '../lib/cli';
import type { ProcessPeak } from '../lib/procMemory';
import { folderBytes, listFolder } from './diskUsage';
import { ripgrepFloor, treeSitterFloor, type ParseFloor, type ScanFloor } from './floorBaselines';
import { measureQueryLatency, type QueryLatency } from './queryLatency';
import { measureVectorSearch, type VectorSearchFigures } from './vectorRecall';

interface IndexJson {
  files: { scanned: number; read: number; rechunked: number; unchanged: number; skipped: Record<string, number> };
  parse: { parsed: number; noGrammar: number; failed: number };
  chunks: { written: number; total: number };
  vectors: { embedded: number; reused: number; failed: number; pending: number };
  semantic: { available: boolean; reason?: string; device?: string };
  /** tokenizeMs and inferMs (inside the worker, part of embedMs) are reported by newer engines only. */
  timings: { scanMs: number; readMs: number; chunkMs: number; storeMs: number; embedMs: number; totalMs: number; tokenizeMs?: number; inferMs?: number; lexicalMs?: number; windowsMs?: number };
}

export interface MemoryFigures {
  cliPeakMiB: number;
  workerPeakMiB?: number;
  processes: { command: string; peakMiB: number }[];
}

export interface ReindexFigures {
  file?: string;
  wallMs: number;
  timings: IndexJson['timings'];
  filesRead: number;
  filesRechunked: number;
  chunksWritten: number;
  embedded: number;
  /** Chunks of the edited file after the run: re-embedding must not exceed them. */
  fileChunks?: number;
  /** The edit re-chunked exactly one file and embedded no more texts than that file's chunks. */
  onlyThatFile?: boolean;
}

export interface CorpusPerf {
  corpus: string;
  description: string;
  files: number;
  bytes: number;
  floors: { ripgrep?: ScanFloor; treeSitter: ParseFloor };
  index: {
    wallMs: number;
    timings: IndexJson['timings'];
    /** Chunk threads the run used (the default for this machine); 0: chunked on the calling thread. */
    chunkThreads?: number;
    /** The same full index with chunking on the calling thread (CODELOUPE_CHUNK_THREADS=0), in the same minutes. */
    inProcessLexicalMs?: number;
    files: IndexJson['files'];
    parse: IndexJson['parse'];
    chunks: number;
    embedded: number;
    reused: number;
    semantic: IndexJson['semantic'];
    filesPerSecond: number;
    chunksPerSecond: number;
    memory?: MemoryFigures;
    diskBytes: number;
    diskBytesPer1000Chunks: number;
  };
  touch: ReindexFigures;
  edit: ReindexFigures;
  latency: QueryLatency;
  vectorSearch?: VectorSearchFigures;
  commands: string[];
}

export interface CorpusSpec {
  name: string;
  description: string;
  root: string;
  /** Extra `codeloupe index` options (a larger --max-file-bytes for big generated sources). */
  indexArgs: string[];
  queries: (indexDir: string) => string[];
}

const MiB = 2 ** 20;

/** `node /abs/bin/codeloupe.js index /abs/src ...` → `codeloupe.js index`: what the process was, without paths. */
function shortCommand(command: string): string {
  const [, script, sub] = command.split(' ');
  const name = script?.split('/').pop() ?? command;
  return sub && !sub.includes('/') ? `${name} ${sub}` : name;
}

function memoryFigures(peaks: ProcessPeak[] | undefined, cliPid: number | undefined): MemoryFigures | undefined {
  if (!peaks || peaks.length === 0) return undefined;
  const cli = cliPid === undefined ? undefined : peaks.find((p) => p.pid === cliPid);
  const root = cli ?? peaks.reduce((a, b) => (a.pid < b.pid ? a : b));
  const workers = peaks.filter((p) => /embed-worker/.test(p.command));
  return {
    cliPeakMiB: root.peakRssBytes / MiB,
    ...(workers.length > 0 && { workerPeakMiB: Math.max(...workers.map((w) => w.peakRssBytes)) / MiB }),
    processes: peaks.map((p) => ({ command: shortCommand(p.command), peakMiB: p.peakRssBytes / MiB })),
  };
}

const APPENDED: Record<string, string> = {
  '.ts': '\nexport function benchEditedFunction(limit: number): number {\n  return limit * 2;\n}\n',
  '.js': '\nfunction benchEditedFunction(limit) {\n  return limit * 2;\n}\n',
  '.py': '\n\ndef bench_edited_function(limit):\n    return limit * 2\n',
  '.go': '\nfunc BenchEditedFunction(limit int) int {\n\treturn limit * 2\n}\n',
};

/** The source file of median size among those the edit step knows how to extend. */
function fileToEdit(root: string): string | undefined {
  const candidates = listFolder(root)
    .filter((f) => APPENDED[extname(f)] !== undefined && !f.endsWith('.d.ts'))
    .map((f) => ({ f, size: statSync(join(root, f)).size }))
    .sort((a, b) => a.size - b.size || a.f.localeCompare(b.f));
  return candidates[Math.floor(candidates.length / 2)]?.f;
}

function chunksOf(indexDir: string, file: string): number {
  const db = new Database(join(indexDir, 'index.sqlite'), { readonly: true });
  try {
    return db.prepare('select count(*) from chunks where file = ?').pluck().get(file) as number;
  } finally {
    db.close();
  }
}

function reindexFigures(run: { wallMs: number; stdout: string }, extra: Partial<ReindexFigures>): ReindexFigures {
  const r = JSON.parse(run.stdout) as IndexJson;
  return { ...extra, wallMs: run.wallMs, timings: r.timings, filesRead: r.files.read, filesRechunked: r.files.rechunked, chunksWritten: r.chunks.written, embedded: r.vectors.embedded };
}

function definedInProcess(run: IndexJson): { inProcessLexicalMs?: number } {
  return run.timings.lexicalMs === undefined ? {} : { inProcessLexicalMs: run.timings.lexicalMs };
}

/** Every figure for one corpus: floors, a full index with memory, re-index after a touch and an edit, latency, recall. */
export async function runCorpus(spec: CorpusSpec, options: { workDir: string; modelDir: string; latencyQueries: number; log: (l: string) => void }): Promise<CorpusPerf> {
  const { root } = spec;
  const indexDir = join(options.workDir, 'perf', spec.name, 'index');
  rmSync(indexDir, { recursive: true, force: true });
  const common = ['--index-dir', indexDir, '--model', options.modelDir, ...spec.indexArgs, '--json'];
  const commands: string[] = [];
  const files = listFolder(root);
  const bytes = files.reduce((s, f) => s + statSync(join(root, f)).size, 0);

  options.log(`[${spec.name}] floors: rg listing + reading, tree-sitter parse (${files.length} files)`);
  const ripgrep = ripgrepFloor(root);
  const treeSitter = await treeSitterFloor(root, files);

  options.log(`[${spec.name}] full index`);
  const indexArgs = ['index', root, ...common];
  commands.push(`codeloupe ${indexArgs.join(' ')}`);
  const full = await runCliOk(indexArgs, { sampleMemory: true });
  const report = JSON.parse(full.stdout) as IndexJson;
  const diskBytes = folderBytes(indexDir);
  const seconds = report.timings.totalMs / 1000;
  const memory = memoryFigures(full.memory, full.pid);

  options.log(`[${spec.name}] full index again, chunking on the calling thread (CODELOUPE_CHUNK_THREADS=0)`);
  const inProcessDir = join(options.workDir, 'perf', spec.name, 'index-in-process');
  rmSync(inProcessDir, { recursive: true, force: true });
  const inProcessArgs = ['index', root, ...common.map((a) => (a === indexDir ? inProcessDir : a))];
  commands.push(`CODELOUPE_CHUNK_THREADS=0 codeloupe ${inProcessArgs.join(' ')}`);
  const inProcess = JSON.parse((await runCliOk(inProcessArgs, { env: { CODELOUPE_CHUNK_THREADS: '0' } })).stdout) as IndexJson;
  rmSync(inProcessDir, { recursive: true, force: true });

  options.log(`[${spec.name}] re-index after touching one file, then after editing one`);
  const target = fileToEdit(root);
  let touch: ReindexFigures;
  let edit: ReindexFigures;
  if (target) {
    const path = join(root, target);
    const later = new Date(Date.now() + 5000);
    utimesSync(path, later, later);
    touch = reindexFigures(await runCliOk(indexArgs), { file: target });
    appendFileSync(path, APPENDED[extname(target)]!);
    const edited = reindexFigures(await runCliOk(indexArgs), { file: target, fileChunks: chunksOf(indexDir, target) });
    edit = { ...edited, onlyThatFile: edited.filesRechunked === 1 && edited.embedded <= (edited.fileChunks ?? 0) };
  } else {
    touch = reindexFigures(await runCliOk(indexArgs), {});
    edit = touch;
  }

  options.log(`[${spec.name}] query latency (${options.latencyQueries} queries, lexical and hybrid, one warm process)`);
  const queries = spec.queries(indexDir).slice(0, options.latencyQueries);
  const latency = await measureQueryLatency(root, indexDir, options.modelDir, queries);
  options.log(`[${spec.name}] HNSW recall@10 against exact search`);
  const vectorSearch = report.semantic.available ? measureVectorSearch(indexDir, 200) : undefined;

  return {
    corpus: spec.name,
    description: spec.description,
    files: files.length,
    bytes,
    floors: { ...(ripgrep && { ripgrep }), treeSitter },
    index: {
      wallMs: full.wallMs,
      timings: report.timings,
      chunkThreads: defaultChunkThreads(),
      ...definedInProcess(inProcess),
      files: report.files,
      parse: report.parse,
      chunks: report.chunks.total,
      embedded: report.vectors.embedded,
      reused: report.vectors.reused,
      semantic: report.semantic,
      filesPerSecond: report.files.scanned / seconds,
      chunksPerSecond: report.chunks.total / seconds,
      ...(memory && { memory }),
      diskBytes,
      diskBytesPer1000Chunks: report.chunks.total === 0 ? 0 : (diskBytes / report.chunks.total) * 1000,
    },
    touch,
    edit,
    latency,
    ...(vectorSearch && { vectorSearch }),
    commands,
  };
}
