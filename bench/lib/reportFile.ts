import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageRun } from '../coverage/coverageRun';
import type { PerfRun } from '../perf/perfRun';
import type { SaveRun } from '../save/main';
import type { ScaleRun } from '../scale/scaleRun';
import type { QualityRun } from '../quality/qualityRun';
import { renderBenchmarks } from '../report/renderBenchmarks';

/** BENCHMARKS.json: the last run of each bench; BENCHMARKS.md is rendered from it. */
export interface BenchmarksFile {
  quality?: QualityRun;
  perf?: PerfRun;
  coverage?: CoverageRun;
  save?: SaveRun;
  scale?: ScaleRun;
}

/** Replaces one section of BENCHMARKS.json (keeping the other) and re-renders BENCHMARKS.md. */
export function updateBenchmarks(root: string, update: BenchmarksFile): { json: string; markdown: string } {
  const jsonPath = join(root, 'BENCHMARKS.json');
  const mdPath = join(root, 'BENCHMARKS.md');
  const current = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchmarksFile) : {};
  // Paths inside the repository are recorded relative to it, so the file reads the same on every machine.
  const relative = JSON.parse(JSON.stringify(update).split(`${root}/`).join('')) as BenchmarksFile;
  const next: BenchmarksFile = { ...current, ...relative };
  writeFileSync(jsonPath, JSON.stringify(next, null, 2) + '\n');
  // Hand-written sections after the numbers: `codeloupe bench embed` results (run by hand, no JSON), then findings.
  const handWritten = ['embedThroughput.md', 'notes.md']
    .map((name) => join(root, 'bench', 'report', name))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path, 'utf8').trimEnd())
    .join('\n\n');
  writeFileSync(mdPath, renderBenchmarks(next, handWritten === '' ? undefined : handWritten));
  return { json: jsonPath, markdown: mdPath };
}
