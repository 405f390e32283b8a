/**
 * `npm run bench:quality [-- --set DIR ...] [--model DIR] [--device D] [--work DIR] [--modes lexical,hybrid] [--print-only]`
 *
 * Retrieval quality through the real CLI: each set's corpus is written as files, indexed once with
 * `codeloupe index`, all queries answered with one `codeloupe search --queries` process per mode, and
 * scored (MRR@10, Recall@1, Recall@10) beside a plain BM25 baseline computed in the same run.
 * Default sets: CoSQA dev (../shared/bench/cosqa-dev) and the doc-comment sets of bench/docset/sources.ts
 * (built on demand from pinned npm and Debian packages).
 * Default model: the random-weights test model, so semantic numbers are meaningless unless --model is given.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FIELD_WEIGHTS } from '../../src/core/store/store';
import { benchPaths } from '../lib/benchPaths';
import { repoRoot } from '../lib/cli';
import { machineInfo } from '../lib/machine';
import { updateBenchmarks } from '../lib/reportFile';
import { loadRetrievalSet, type RetrievalSet } from '../lib/retrievalSet';
import { docSetName, ensureDocSet } from '../docset/buildDocSet';
import { DOC_SET_SOURCES } from '../docset/sources';
import type { QualityRun } from './qualityRun';
import { runQualitySet, type SearchModeName, type SetResult } from './runSet';

const MODES: readonly SearchModeName[] = ['lexical', 'semantic', 'hybrid'];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseModes(value: string | undefined): SearchModeName[] {
  if (value === undefined) return [...MODES];
  const modes = value.split(',').map((m) => m.trim());
  for (const m of modes) if (!MODES.includes(m as SearchModeName)) throw new Error(`--modes: unknown mode "${m}" (lexical, semantic, hybrid)`);
  return modes as SearchModeName[];
}

function fmt(x: number | undefined): string {
  return x === undefined ? '   -  ' : x.toFixed(3).padStart(6);
}

function printSet(r: SetResult): void {
  log(`\n${r.set}: ${r.queries} queries, ${r.documents} files, ${r.index.chunks} chunks (index ${(r.index.wallMs / 1000).toFixed(1)} s)`);
  log('  ranker                    MRR@10    R@1   R@10');
  const b = r.baseline.scores;
  log(`  BM25 baseline (${r.baseline.unit.padEnd(8)})  ${fmt(b.mrr10)} ${fmt(b.recall1)} ${fmt(b.recall10)}`);
  for (const m of r.modes) {
    if (!m.scores) log(`  codeloupe ${m.mode.padEnd(9)}       skipped: ${m.skipped}`);
    else log(`  codeloupe ${m.mode.padEnd(9)}      ${fmt(m.scores.mrr10)} ${fmt(m.scores.recall1)} ${fmt(m.scores.recall10)}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      set: { type: 'string', multiple: true },
      model: { type: 'string' },
      device: { type: 'string' },
      work: { type: 'string' },
      modes: { type: 'string' },
      'print-only': { type: 'boolean' },
    },
  });
  const root = repoRoot();
  const started = performance.now();
  const { workDir, modelDir, isTestModel } = benchPaths(root, values);
  if (isTestModel) log('Model: the random-weights TEST model (test/fixtures/model): semantic and hybrid numbers say nothing about quality. Pass --model DIR for real ones.');

  const sets: RetrievalSet[] = [];
  if (values.set && values.set.length > 0) {
    for (const dir of values.set) sets.push(loadRetrievalSet(resolve(dir)));
  } else {
    sets.push(loadRetrievalSet(resolve(root, '..', 'shared', 'bench', 'cosqa-dev')));
    for (const source of DOC_SET_SOURCES) {
      const doc = await ensureDocSet(source, workDir);
      sets.push(loadRetrievalSet(doc.dir, docSetName(source)));
    }
  }

  const results: SetResult[] = [];
  for (const set of sets) {
    const result = await runQualitySet(set, {
      workDir,
      modelDir,
      modes: parseModes(values.modes),
      ...(values.device !== undefined && { device: values.device }),
      log,
    });
    printSet(result);
    results.push(result);
  }
  const run: QualityRun = {
    machine: machineInfo(),
    command: `npm run bench:quality${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    model: { dir: isTestModel ? relative(root, modelDir) : modelDir, isTestModel },
    lexicalFieldWeights: { ...DEFAULT_FIELD_WEIGHTS },
    sets: results,
    totalMs: performance.now() - started,
  };
  if (values['print-only']) return;
  const written = updateBenchmarks(root, { quality: run });
  log(`\nWrote ${relative(root, written.markdown)} and ${relative(root, written.json)}.`);
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
