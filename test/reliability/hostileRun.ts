/**
 * The hostile corpus run: the CLI indexes the corpus while being killed (SIGKILL at several moments, its
 * worker once), then once more to the end; the result must equal a clean rebuild, and every entry must be
 * indexed or skipped as its row says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import type { IndexReport } from '../../src/core/engine/indexReport';
import { compareSnapshots } from './compare';
import { CLI, indexOptions, SOURCE_WORKER, TEST_MODEL } from './drivers';
import { writeHostileCorpus, type HostileEntry } from './hostileCorpus';
import { childProcesses, run, sleep, waitForChild } from './processes';
import { readSnapshot } from './snapshot';

export interface HostileRow extends HostileEntry {
  outcome: string;
  ok: boolean;
}

export interface HostileResult {
  rows: HostileRow[];
  kills: number;
  problems: string[];
}

export async function runHostileCorpus(killAfterMs: readonly number[] = [200, 700, 1500]): Promise<HostileResult> {
  const dir = mkdtempSync(join(tmpdir(), 'codeloupe-hostile-'));
  const root = join(dir, 'repo');
  const indexDir = join(dir, 'index');
  const problems: string[] = [];
  let kills = 0;
  try {
    const entries = writeHostileCorpus(root, mkdtempSync(join(dir, 'outside-')));
    const env = { ...process.env, CODELOUPE_CACHE_DIR: join(dir, 'cache'), HF_ENDPOINT: 'http://127.0.0.1:9' };
    const index = () => run(process.execPath, [CLI, 'index', root, '--index-dir', indexDir, '--model', TEST_MODEL, '--threads', '1', '--json'], env);
    for (const ms of killAfterMs) {
      const started = index();
      await Promise.race([sleep(ms), started.done]);
      if (started.child.kill('SIGKILL')) kills++;
      await started.done;
    }
    const withWorker = index();
    let finished = false;
    void withWorker.done.then(() => (finished = true));
    const worker = await waitForChild(withWorker.child.pid!, 'embed-worker', 30_000, () => finished);
    if (worker !== undefined) {
      process.kill(worker, 'SIGKILL');
      kills++;
    }
    const workerRun = await withWorker.done;
    if (workerRun.code !== 0) problems.push(`index with its worker killed: exit ${workerRun.code}: ${workerRun.stderr.slice(-400)}`);
    const last = await index().done;
    if (last.code !== 0) problems.push(`final index: exit ${last.code}: ${last.stderr.slice(-400)}`);
    const report = JSON.parse(last.code === 0 ? last.stdout : workerRun.stdout || '{}') as IndexReport;
    const snapshot = await readSnapshot(indexDir, { probes: 25 });
    const cleanDir = join(dir, 'clean');
    const clean = await CodeIndex.open(indexOptions(root, cleanDir, undefined, SOURCE_WORKER));
    const cleanReport = await clean.update().finally(() => clean.close());
    problems.push(...compareSnapshots(snapshot, await readSnapshot(cleanDir, { probes: 25 })));
    if (childProcesses(process.pid, 'embed-worker').length > 0) problems.push('an embedding worker was left running');
    const indexed = new Set(snapshot.paths);
    const skipped = new Map([...(report.files?.skippedFiles ?? []), ...cleanReport.files.skippedFiles].map((s) => [s.path, s.reason]));
    const rows = entries.map((entry): HostileRow => {
      const outcome = indexed.has(entry.path) ? 'indexed' : (skipped.get(entry.path) ?? 'ignored');
      return { ...entry, outcome, ok: outcome === entry.expect };
    });
    const leaked = snapshot.chunks.filter((c) => c.includes('root:x:0:0'));
    if (leaked.length > 0) problems.push(`text of a file outside the folder was indexed: ${leaked[0]!.slice(0, 120)}`);
    return { rows, kills, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows as a Markdown table, for docs/reliability.md. */
export function hostileTable(result: HostileResult): string {
  const escape = (s: string) => JSON.stringify(s).slice(1, -1).replace(/\|/g, '\\|').replace(/`/g, "'");
  return [
    '| entry | path | expected | outcome |',
    '| --- | --- | --- | --- |',
    ...result.rows.map((r) => `| ${r.what} | \`${escape(r.path.length > 60 ? `${r.path.slice(0, 57)}...` : r.path)}\` | ${r.expect} | ${r.ok ? r.outcome : `**${r.outcome}**`} |`),
  ].join('\n');
}
