import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonLines, runCli, runCliOk } from '../lib/cli';
import { compareRankers, firstRelevantRank, kindsAboveTarget, scoreRankings, type QualityScores, type RankedHit } from '../lib/metrics';
import type { RetrievalSet } from '../lib/retrievalSet';
import { runBaseline } from './baseline';
import { materializeSet } from './materialize';

export type SearchModeName = 'lexical' | 'semantic' | 'hybrid';

export interface ModeResult {
  mode: SearchModeName;
  scores?: QualityScores;
  /** Per query, against the baseline: answer ranked higher / the same / lower (reciprocal rank@10). */
  versusBaseline?: { wins: number; ties: number; losses: number };
  /** Results ranked above the first correct one, by kind, over all queries (see kindsAboveTarget). */
  aboveTarget?: Record<string, number>;
  /** Why the mode did not run (no model), when it did not. */
  skipped?: string;
  /** Wall time of the one `search --queries` process, model load included. */
  wallMs: number;
}

export interface SetResult {
  set: string;
  kind: RetrievalSet['kind'];
  documents: number;
  queries: number;
  index: { wallMs: number; files: number; chunks: number; embedded: number; timings: Record<string, number>; semantic: unknown };
  baseline: { name: string; unit: 'document' | 'chunk'; units: number; scores: QualityScores; aboveTarget?: Record<string, number> };
  /** Repo sets: the same BM25 over the functions, methods and classes only (no file units, no blocks). */
  namedUnitsBaseline?: { units: number; scores: QualityScores; aboveTarget: Record<string, number> };
  modes: ModeResult[];
  commands: string[];
}

interface IndexJson {
  files: { scanned: number };
  chunks: { total: number };
  vectors: { embedded: number };
  timings: Record<string, number>;
  semantic: unknown;
}

interface SearchLine {
  id: string | number;
  results: RankedHit[];
}

export interface SetRunOptions {
  workDir: string;
  modelDir: string;
  modes: SearchModeName[];
  device?: string;
  log: (line: string) => void;
}

/** Indexes a set through the CLI, answers its queries once per mode, and scores them beside the BM25 baseline. */
export async function runQualitySet(set: RetrievalSet, options: SetRunOptions): Promise<SetResult> {
  const dir = join(options.workDir, 'quality', set.name);
  const srcDir = join(dir, 'src');
  const indexDir = join(dir, 'index');
  const queriesFile = join(dir, 'queries.jsonl');
  materializeSet(set, srcDir, queriesFile);
  rmSync(indexDir, { recursive: true, force: true });
  const common = ['--index-dir', indexDir, '--model', options.modelDir, ...(options.device ? ['--device', options.device] : [])];
  const commands: string[] = [];

  const indexArgs = ['index', srcDir, ...common, '--json'];
  commands.push(`codeloupe ${indexArgs.join(' ')}`);
  options.log(`[${set.name}] indexing ${set.documents.length} files`);
  const indexRun = await runCliOk(indexArgs);
  const report = JSON.parse(indexRun.stdout) as IndexJson;

  const modes: ModeResult[] = [];
  const answersByMode = new Map<SearchModeName, Map<string, RankedHit[]>>();
  for (const mode of options.modes) {
    const args = ['search', srcDir, '--queries', queriesFile, '--json', '-k', '10', '--mode', mode, ...common];
    commands.push(`codeloupe ${args.join(' ')}`);
    options.log(`[${set.name}] searching ${set.queries.length} queries, mode ${mode}`);
    const run = await runCli(args);
    if (run.code !== 0) {
      modes.push({ mode, skipped: run.stderr.trim().split('\n')[0] ?? `exit ${run.code}`, wallMs: run.wallMs });
      continue;
    }
    const answers = new Map(parseJsonLines<SearchLine>(run.stdout, `search --mode ${mode}`).map((l) => [String(l.id), l.results]));
    answersByMode.set(mode, answers);
    modes.push({ mode, scores: scoreRankings(set.targets, answers), aboveTarget: kindsAboveTarget(set.targets, answers), wallMs: run.wallMs });
  }

  const baseline = runBaseline(set, join(indexDir, 'index.sqlite'));
  const named = set.kind === 'repo' ? runBaseline(set, join(indexDir, 'index.sqlite'), 10, { namedUnitsOnly: true }) : undefined;
  for (const m of modes) {
    const answers = answersByMode.get(m.mode);
    if (answers) m.versusBaseline = compareRankers(set.targets, answers, baseline.answers);
  }
  writeRanks(join(dir, 'ranks.jsonl'), set, baseline.answers, answersByMode);
  return {
    set: set.name,
    kind: set.kind,
    documents: set.documents.length,
    queries: set.queries.length,
    index: {
      wallMs: indexRun.wallMs,
      files: report.files.scanned,
      chunks: report.chunks.total,
      embedded: report.vectors.embedded,
      timings: report.timings,
      semantic: report.semantic,
    },
    baseline: { name: 'BM25 (k1 1.2, b 0.75), identifier-split tokens, no stemming, no fields', unit: baseline.unit, units: baseline.units, scores: scoreRankings(set.targets, baseline.answers), aboveTarget: kindsAboveTarget(set.targets, baseline.answers) },
    ...(named && { namedUnitsBaseline: { units: named.units, scores: scoreRankings(set.targets, named.answers), aboveTarget: kindsAboveTarget(set.targets, named.answers) } }),
    modes,
    commands,
  };
}

/** Per-query ranks of the first correct answer (null: not in the top 10), to study where a mode loses. */
function writeRanks(path: string, set: RetrievalSet, baseline: Map<string, RankedHit[]>, byMode: Map<SearchModeName, Map<string, RankedHit[]>>): void {
  const lines = set.queries.map((q) => {
    const targets = set.targets.get(q.id) ?? [];
    const ranks: Record<string, number | null> = { baseline: firstRelevantRank(baseline.get(q.id) ?? [], targets) ?? null };
    for (const [mode, answers] of byMode) ranks[mode] = firstRelevantRank(answers.get(q.id) ?? [], targets) ?? null;
    return JSON.stringify({ id: q.id, text: q.text, targets, ranks });
  });
  writeFileSync(path, lines.join('\n') + '\n');
}
