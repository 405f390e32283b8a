/**
 * `npm run bench:coverage [-- --corpora eslint,synthetic-16x] [--models small:int8,small:fp32,base:int8,base:fp32,large:int8]
 *   [--other-models small:int8] [--full small:int8] [--cap-minutes 10] [--raw-chunks 64] [--threads N] [--work DIR] [--print-only]`
 *
 * `--models` run on ESLint's lib/ (the first corpus), `--other-models` (default: the same) on the other corpora;
 * the `--full` ones always run to the end (up to an hour), the others stop at the cap.
 *
 * Time to full semantic coverage with random-weight models of the registry's real shapes (scripts/perf-models,
 * generated on demand into ~/.cache/codeloupe/perf-models; they need Debian's python3-torch, python3-onnx and
 * python3-regex): `codeloupe index` from an empty index on the CPU with the default configuration, until
 * every text has a vector, or until the cap (then the rest is estimated from the embedding time per text so
 * far, and marked). Beside it, the raw model's throughput (`codeloupe bench embed`) and the pipeline's wall
 * time over the model's own time. Speed only: these models' vectors mean nothing.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { benchPaths } from '../lib/benchPaths';
import { repoRoot } from '../lib/cli';
import { machineInfo } from '../lib/machine';
import { ensurePerfModel, isPerfShape, type PerfModel, type PerfShape } from '../lib/perfModels';
import { updateBenchmarks } from '../lib/reportFile';
import { realPackageCorpus, syntheticCorpus } from '../perf/corpora';
import type { CoverageFigures, CoverageRun, RawFigures } from './coverageRun';
import { measureCoverage, measureRaw } from './runCoverage';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseModels(value: string): { shape: PerfShape; precision: 'int8' | 'fp32' }[] {
  return value.split(',').map((entry) => {
    const [shape, precision = 'int8'] = entry.trim().split(':');
    if (!shape || !isPerfShape(shape) || (precision !== 'int8' && precision !== 'fp32')) throw new Error(`--models: "${entry}" is not SHAPE:int8|fp32 (shapes small, base, large)`);
    return { shape, precision };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpora: { type: 'string' },
      models: { type: 'string' },
      'other-models': { type: 'string' },
      full: { type: 'string' },
      'cap-minutes': { type: 'string' },
      'raw-chunks': { type: 'string' },
      threads: { type: 'string' },
      work: { type: 'string' },
      'print-only': { type: 'boolean' },
    },
  });
  const root = repoRoot();
  const started = performance.now();
  const { workDir } = benchPaths(root, { ...(values.work !== undefined && { work: values.work }) });
  const capMinutes = Number(values['cap-minutes'] ?? 10);
  const rawChunks = Number(values['raw-chunks'] ?? 64);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const models = parseModels(values.models ?? 'small:int8,small:fp32,base:int8,base:fp32,large:int8');
  const otherModels = values['other-models'] === undefined ? models : parseModels(values['other-models']);
  const full = new Set((values.full ?? '').split(',').filter((m) => m.trim() !== '').map((m) => (m.includes(':') ? m.trim() : `${m.trim()}:int8`)));
  const corpusNames = (values.corpora ?? 'eslint').split(',').map((c) => c.trim());

  const loaded = new Map<PerfShape, PerfModel>();
  for (const { shape } of [...models, ...otherModels]) if (!loaded.has(shape)) loaded.set(shape, await ensurePerfModel(root, shape, log));

  const raw: RawFigures[] = [];
  for (const { shape, precision } of models) {
    log(`raw model: ${shape} ${precision}, ${rawChunks} synthetic chunks…`);
    const figures = await measureRaw(loaded.get(shape)!, precision, rawChunks, threads);
    log(`  ${figures.chunksPerSecond.toFixed(1)} chunks/s, ${Math.round(figures.tokensPerSecond)} tokens/s (load ${figures.load})`);
    raw.push(figures);
  }

  const runs: CoverageFigures[] = [];
  for (const name of corpusNames) {
    const corpus = name === 'eslint' ? realPackageCorpus('eslint', workDir, 0) : /^synthetic-(\d+)x$/.test(name) ? syntheticCorpus(workDir, 100 * Number(/^synthetic-(\d+)x$/.exec(name)![1]), Number(/^synthetic-(\d+)x$/.exec(name)![1]), 0) : undefined;
    if (!corpus) throw new Error(`--corpora: unknown corpus "${name}" (eslint, synthetic-16x, ...)`);
    for (const { shape, precision } of name === corpusNames[0] ? models : otherModels) {
      const cap = full.has(`${shape}:${precision}`) ? 60 : capMinutes;
      log(`coverage: ${corpus.name} with ${shape} ${precision} (cap ${cap} min)…`);
      const figures = await measureCoverage(corpus, loaded.get(shape)!, precision, { workDir, capMs: cap * 60_000, ...(threads !== undefined && { threads }) });
      log(
        `  ${figures.embedded}/${figures.texts} texts, lexical ${(figures.lexicalMs / 1000).toFixed(1)} s, coverage ${(figures.coverageMs / 60_000).toFixed(1)} min${figures.estimated ? ' (estimated)' : ''}, ` +
          `${Math.round((figures.tokens * 1000) / Math.max(1, figures.inferMs))} tokens/s, wall/model ${((figures.lexicalMs + (figures.windowsMs ?? 0) + figures.embedMs) / Math.max(1, figures.inferMs)).toFixed(2)} (load ${figures.load})`,
      );
      runs.push(figures);
    }
  }
  const run: CoverageRun = {
    machine: machineInfo(),
    command: `npm run bench:coverage${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    capMinutes,
    ...(threads !== undefined && { threads }),
    int8Checks: [...loaded.values()].map((m) => ({ shape: m.shape, check: m.int8Check })),
    raw,
    runs,
    totalMs: performance.now() - started,
  };
  if (values['print-only']) return;
  const written = updateBenchmarks(root, { coverage: run });
  log(`\nWrote ${relative(root, written.markdown)} and ${relative(root, written.json)}.`);
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
