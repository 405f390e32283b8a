/**
 * `npm run bench:scale [-- --files 100000] [--vector-files 11000] [--model DIR] [--queries 200] [--ef 64,128,256]
 *   [--work DIR] [--skip-lexical] [--skip-vectors] [--queries-only] [--print-only]`
 *
 * `--queries-only` measures queries again on the indexes the last run left under --work (after a change to
 * search, without the ~15 minutes of indexing): the index figures stay those of that run.
 *
 * Scale, in two parts (long: not part of CI):
 * 1. A synthetic repository of --files files (TypeScript, Python, Go; bench/perf/synthetic.ts) indexed
 *    lexically by the engine server the extension runs, over its protocol: time, the server's peak RSS, the
 *    index on disk, skips, and lexical query latency (p50/p95, one warm server).
 * 2. A synthetic repository of --vector-files files (about 100,000 chunks) indexed with vectors by the CLI
 *    (the test model by default: its vectors mean nothing, they exercise the vector index): lexical and
 *    hybrid query latency in one warm process, and HNSW recall@10 and latency against exact search over the
 *    index's vectors at each search width (ef) given.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { nullLogger } from '../../src/core/logger';
import { EngineSupervisor } from '../../src/engine-client/supervisor';
import { benchPaths } from '../lib/benchPaths';
import { repoRoot, runCliOk } from '../lib/cli';
import { machineInfo } from '../lib/machine';
import { ProcessTreeMemory } from '../lib/procMemory';
import { updateBenchmarks } from '../lib/reportFile';
import { percentile } from '../lib/stats';
import { folderBytes } from '../perf/diskUsage';
import { measureQueryLatency } from '../perf/queryLatency';
import { syntheticQueries, writeSyntheticRepo } from '../perf/synthetic';
import { measureVectorSearch } from '../perf/vectorRecall';
import type { ScaleRun } from './scaleRun';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

const load = (): number => Math.round(loadavg()[0]! * 100) / 100;

/** The synthetic repository of `files` files under `dir`, written once (a marker records its size). */
function syntheticRepo(dir: string, files: number): string {
  const marker = join(dir, '..', `written-${files}`);
  if (!existsSync(marker)) {
    log(`writing ${files} synthetic files into ${dir}…`);
    writeSyntheticRepo(dir, files);
    writeFileSync(marker, new Date().toISOString());
  }
  return dir;
}

type LexicalFigures = NonNullable<ScaleRun['lexical']>;

/** The index of the last run, for --queries-only: it must exist, and `previous` must be the run that built it. */
function reusable<T>(indexDir: string, previous: T | undefined): T {
  if (!existsSync(indexDir) || previous === undefined) {
    throw new Error(`--queries-only needs the index of a previous run at ${indexDir} and its figures in BENCHMARKS.json: run npm run bench:scale first.`);
  }
  return previous;
}

async function lexicalScale(root: string, src: string, indexDir: string, queries: string[], reuse?: LexicalFigures): Promise<LexicalFigures> {
  if (!reuse) rmSync(indexDir, { recursive: true, force: true });
  const memory = new ProcessTreeMemory(process.pid, 250);
  memory.start();
  const sup = new EngineSupervisor({ serverPath: join(root, 'dist', 'engine-server.js'), logger: nullLogger });
  sup.start();
  const client = sup.client!;
  try {
    await client.request('open', { folderId: 'scale', root: src, indexDir, modelUnavailable: { reason: 'the scale run indexes lexically' } });
    log('indexing lexically through the engine server…');
    const t0 = performance.now();
    const report = await client.request('update', { folderId: 'scale' });
    const indexMs = performance.now() - t0;
    log(`  ${report.files.scanned} files, ${report.chunks.total} chunks in ${(indexMs / 1000).toFixed(0)} s`);
    if (reuse && report.chunks.total !== reuse.chunks) throw new Error(`The index at ${indexDir} holds ${report.chunks.total} chunks, not the ${reuse.chunks} of the last run.`);
    for (const q of queries.slice(0, 5)) await client.request('search', { query: q, k: 10, mode: 'lexical' });
    const times: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await client.request('search', { query: q, k: 10, mode: 'lexical' });
      times.push(performance.now() - t);
    }
    const peaks = memory.stop();
    const server = peaks.filter((p) => /engine-server/.test(p.command)).reduce((max, p) => Math.max(max, p.peakRssBytes), 0);
    const lexicalQueryMs = { queries: times.length, p50: percentile(times, 50), p95: percentile(times, 95) };
    if (reuse) return { ...reuse, lexicalQueryMs, load: load() };
    return {
      files: report.files.scanned,
      chunks: report.chunks.total,
      skipped: Object.values(report.files.skipped).reduce((a, b) => a + (b ?? 0), 0),
      ignored: report.files.ignored,
      indexMs,
      timings: report.timings,
      serverPeakRssMiB: server / 2 ** 20,
      diskMiB: folderBytes(indexDir) / 2 ** 20,
      lexicalQueryMs,
      load: load(),
    };
  } finally {
    memory.stop();
    await client.request('shutdown', {}).catch(() => undefined);
    await sup.dispose();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: 'string' },
      'vector-files': { type: 'string' },
      model: { type: 'string' },
      queries: { type: 'string' },
      ef: { type: 'string' },
      work: { type: 'string' },
      'skip-lexical': { type: 'boolean' },
      'skip-vectors': { type: 'boolean' },
      'queries-only': { type: 'boolean' },
      'print-only': { type: 'boolean' },
    },
  });
  const root = repoRoot();
  const { workDir, modelDir } = benchPaths(root, values);
  const files = Number(values.files ?? 100_000);
  const vectorFiles = Number(values['vector-files'] ?? 11_000);
  const queryCount = Number(values.queries ?? 200);
  const efs = (values.ef ?? '64,128,256').split(',').map(Number);
  const queries = syntheticQueries(queryCount);
  const started = performance.now();
  const previous = existsSync(join(root, 'BENCHMARKS.json')) ? (JSON.parse(readFileSync(join(root, 'BENCHMARKS.json'), 'utf8')) as { scale?: ScaleRun }).scale : undefined;
  const queriesOnly = values['queries-only'] === true;

  let lexical = previous?.lexical;
  if (!values['skip-lexical']) {
    const src = syntheticRepo(join(workDir, 'scale', `synthetic-${files}`, 'src'), files);
    const indexDir = join(workDir, 'scale', `synthetic-${files}`, 'index');
    const measured = await lexicalScale(root, src, indexDir, queries, queriesOnly ? reusable(indexDir, previous?.lexical) : undefined);
    log(`  server peak RSS ${measured.serverPeakRssMiB.toFixed(0)} MiB, disk ${measured.diskMiB.toFixed(0)} MiB, lexical p50 ${measured.lexicalQueryMs.p50.toFixed(1)} / p95 ${measured.lexicalQueryMs.p95.toFixed(1)} ms`);
    lexical = measured;
  }

  let vectors = previous?.vectors;
  if (!values['skip-vectors']) {
    const src = syntheticRepo(join(workDir, 'scale', `synthetic-${vectorFiles}`, 'src'), vectorFiles);
    const indexDir = join(workDir, 'scale', `synthetic-${vectorFiles}`, 'index');
    const reuse = queriesOnly ? reusable(indexDir, previous?.vectors) : undefined;
    let chunks = reuse?.chunks ?? 0;
    let indexMs = reuse?.indexMs ?? 0;
    if (!reuse) {
      rmSync(indexDir, { recursive: true, force: true });
      log(`indexing ${vectorFiles} files with vectors (${relative(root, modelDir) || modelDir})…`);
      const t0 = performance.now();
      const run = await runCliOk(['index', src, '--index-dir', indexDir, '--model', modelDir, '--device', 'cpu', '--json']);
      const report = JSON.parse(run.stdout) as { chunks: { total: number }; vectors: { embedded: number } };
      indexMs = performance.now() - t0;
      chunks = report.chunks.total;
      log(`  ${report.chunks.total} chunks, ${report.vectors.embedded} embedded in ${(indexMs / 60_000).toFixed(1)} min; query latency…`);
    }
    const latency = await measureQueryLatency(src, indexDir, modelDir, queries);
    const search = efs.map((ef) => {
      const figures = measureVectorSearch(indexDir, queryCount, ef);
      log(`  ef ${ef}: recall@10 ${figures?.recallAt10.toFixed(3)}, HNSW p50 ${figures?.hnswMs.p50.toFixed(2)} ms vs exact p50 ${figures?.exactMs.p50.toFixed(1)} ms`);
      return { ef, ...figures! };
    });
    vectors = { files: vectorFiles, chunks, indexMs, model: relative(root, modelDir) || modelDir, latency, search, load: load() };
  }
  const result: ScaleRun = {
    machine: machineInfo(),
    command: `npm run bench:scale${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    ...(queriesOnly && previous && { indexedOn: previous.indexedOn ?? previous.machine.date }),
    ...(lexical && { lexical }),
    ...(vectors && { vectors }),
    totalMs: performance.now() - started,
  };
  if (values['print-only']) return;
  const written = updateBenchmarks(root, { scale: result });
  log(`Wrote ${relative(root, written.markdown)}.`);
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
