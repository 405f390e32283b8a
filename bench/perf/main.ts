/**
 * `npm run bench:perf [-- --model DIR] [--real eslint|typescript|none] [--base-files N] [--scales 1,4,16] [--queries N] [--work DIR] [--print-only]`
 *
 * Index time by stage, files/s and chunks/s, re-index after touching and after editing one file, query
 * latency (lexical, hybrid) in one warm process, HNSW recall@10 against exact search, peak memory of the
 * CLI and its embedding worker, and index size on disk; on a real package's sources and on a synthetic
 * repository at 1x, 4x and 16x. Floors measured in the same run: `rg --files` plus reading every file,
 * tree-sitter parsing alone, exact vector search. Numbers are printed and recorded; nothing fails on a time.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { benchPaths } from '../lib/benchPaths';
import { repoRoot } from '../lib/cli';
import { machineInfo } from '../lib/machine';
import { updateBenchmarks } from '../lib/reportFile';
import { isRealCorpusName, realPackageCorpus, REAL_CORPORA, syntheticCorpus } from './corpora';
import type { PerfRun } from './perfRun';
import { runCorpus, type CorpusPerf, type CorpusSpec } from './runCorpus';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

function summary(c: CorpusPerf): string {
  const t = c.index.timings;
  const mem = c.index.memory;
  const lines = [
    `\n${c.corpus}: ${c.files} files, ${(c.bytes / 2 ** 20).toFixed(1)} MiB, ${c.index.chunks} chunks, ${c.index.embedded} embedded`,
    `  index ${(t.totalMs / 1000).toFixed(1)} s (scan ${t.scanMs.toFixed(0)}, read ${t.readMs.toFixed(0)}, chunk ${t.chunkMs.toFixed(0)}, embed ${t.embedMs.toFixed(0)}, store ${t.storeMs.toFixed(0)} ms); ${c.index.filesPerSecond.toFixed(0)} files/s, ${c.index.chunksPerSecond.toFixed(0)} chunks/s`,
    `  floors: rg list+read ${c.floors.ripgrep ? (c.floors.ripgrep.listMs + c.floors.ripgrep.readMs).toFixed(0) + ' ms' : 'n/a'}, tree-sitter parse ${c.floors.treeSitter.parseMs.toFixed(0)} ms (${c.floors.treeSitter.files} files)`,
    `  re-index: touch ${c.touch.wallMs.toFixed(0)} ms (${c.touch.embedded} embedded); edit ${c.edit.wallMs.toFixed(0)} ms (${c.edit.embedded} embedded of ${c.edit.fileChunks ?? '?'} chunks in ${c.edit.file ?? '?'})`,
    `  latency lexical p50 ${c.latency.lexical.p50.toFixed(1)} / p95 ${c.latency.lexical.p95.toFixed(1)} ms` +
      (c.latency.hybrid ? `; hybrid p50 ${c.latency.hybrid.p50.toFixed(1)} / p95 ${c.latency.hybrid.p95.toFixed(1)} ms` : `; hybrid skipped (${c.latency.hybridSkipped ?? ''})`),
    c.vectorSearch
      ? `  HNSW recall@10 ${c.vectorSearch.recallAt10.toFixed(3)} (p50 ${c.vectorSearch.hnswMs.p50.toFixed(2)} ms) vs exact p50 ${c.vectorSearch.exactMs.p50.toFixed(2)} ms over ${c.vectorSearch.vectors} vectors`
      : '  vector search: no vectors',
    `  memory: CLI ${mem ? mem.cliPeakMiB.toFixed(0) : '?'} MiB, worker ${mem?.workerPeakMiB?.toFixed(0) ?? '?'} MiB; disk ${(c.index.diskBytes / 2 ** 20).toFixed(1)} MiB (${(c.index.diskBytesPer1000Chunks / 2 ** 20).toFixed(2)} MiB per 1,000 chunks)`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      work: { type: 'string' },
      'base-files': { type: 'string' },
      scales: { type: 'string' },
      queries: { type: 'string' },
      real: { type: 'string' },
      'print-only': { type: 'boolean' },
    },
  });
  const root = repoRoot();
  const started = performance.now();
  const { workDir, modelDir, isTestModel } = benchPaths(root, values);
  const baseFiles = positive('--base-files', values['base-files'], 100);
  const scales = (values.scales ?? '1,4,16').split(',').map((s) => positive('--scales', s.trim(), 1));
  const queryCount = positive('--queries', values.queries, 200);

  const specs: (() => CorpusSpec)[] = [];
  const real = values.real ?? 'eslint';
  if (real !== 'none') {
    if (!isRealCorpusName(real)) throw new Error(`--real must be none or one of ${Object.keys(REAL_CORPORA).join(', ')}, got "${real}"`);
    specs.push(() => realPackageCorpus(real, workDir, queryCount));
  }
  for (const scale of scales) specs.push(() => syntheticCorpus(workDir, baseFiles * scale, scale, queryCount));

  const corpora: CorpusPerf[] = [];
  for (const make of specs) {
    const result = await runCorpus(make(), { workDir, modelDir, latencyQueries: queryCount, log });
    log(summary(result));
    corpora.push(result);
  }
  const run: PerfRun = {
    machine: machineInfo(),
    command: `npm run bench:perf${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    model: { dir: isTestModel ? relative(root, modelDir) : modelDir, isTestModel },
    syntheticBaseFiles: baseFiles,
    scales,
    corpora,
    totalMs: performance.now() - started,
  };
  if (values['print-only']) return;
  const written = updateBenchmarks(root, { perf: run });
  log(`\nWrote ${relative(root, written.markdown)} and ${relative(root, written.json)}.`);
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
