/**
 * `npm run bench:save [-- --model DIR --precision int8] [--saves 30] [--work DIR] [--print-only]`
 *
 * Save → searchable in the warm engine server the extension runs (not a fresh CLI): the server is started
 * as the extension starts it and driven over its protocol. ESLint's lib/ is indexed; then, while the
 * background embedding of the whole folder runs and again once it is stopped (idle), one function is
 * appended to a file ("saved") and timed from the `update { paths }` request the extension sends after a
 * save to the moment a lexical `search` for the new function's name returns it. p50/p95 per condition.
 * The extension itself waits 500 ms for a burst of saves to end before it sends the update; that delay is
 * a choice of the UI and is not included.
 */
import { appendFileSync, cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { nullLogger } from '../../src/core/logger';
import { EngineSupervisor } from '../../src/engine-client/supervisor';
import { benchPaths } from '../lib/benchPaths';
import { repoRoot } from '../lib/cli';
import { machineInfo, type MachineInfo } from '../lib/machine';
import { updateBenchmarks } from '../lib/reportFile';
import { percentile } from '../lib/stats';

export interface SaveCondition {
  condition: 'while embedding' | 'idle';
  saves: number;
  /** update request sent → lexical search returns the new function. */
  totalMs: { p50: number; p95: number; max: number };
  updateMs: { p50: number; p95: number };
  searchMs: { p50: number; p95: number };
  found: number;
  load: number;
}

export interface SaveRun {
  machine: MachineInfo;
  command: string;
  model: string;
  corpus: string;
  files: number;
  conditions: SaveCondition[];
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function jsFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path, root) : name.endsWith('.js') ? [relative(root, path).split('\\').join('/')] : [];
  });
}

const stat = (values: number[]): { p50: number; p95: number } => ({ p50: percentile(values, 50), p95: percentile(values, 95) });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' }, precision: { type: 'string' }, saves: { type: 'string' }, work: { type: 'string' }, 'print-only': { type: 'boolean' } } });
  const root = repoRoot();
  const { workDir, modelDir } = benchPaths(root, values);
  const saves = Number(values.saves ?? 30);
  const pkg = createRequire(join(root, 'package.json')).resolve('eslint/package.json');
  const src = join(workDir, 'save', 'eslint-lib');
  const indexDir = join(workDir, 'save', 'index');
  rmSync(join(workDir, 'save'), { recursive: true, force: true });
  cpSync(join(dirname(pkg), 'lib'), src, { recursive: true });
  const files = jsFiles(src).sort();

  const sup = new EngineSupervisor({ serverPath: join(root, 'dist', 'engine-server.js'), logger: nullLogger });
  sup.start();
  const client = sup.client!;
  try {
    const precision = values.precision === 'fp32' || values.precision === 'int8' ? values.precision : undefined;
    await client.request('open', { folderId: 'bench', root: src, indexDir, modelDir, device: 'cpu', ...(precision && { precision }) });
    log(`indexing ${files.length} files (lexical; vectors follow in the background)…`);
    await client.request('update', { folderId: 'bench' });

    const conditions: SaveCondition[] = [];
    for (const condition of ['while embedding', 'idle'] as const) {
      if (condition === 'idle') await client.request('stopIndexing', { folderId: 'bench' });
      const total: number[] = [];
      const update: number[] = [];
      const search: number[] = [];
      let found = 0;
      for (let i = 0; i < saves; i++) {
        const file = files[(i * 37 + (condition === 'idle' ? 11 : 0)) % files.length]!;
        const name = `savedProbe${condition === 'idle' ? 'Idle' : 'Busy'}${i}Qz`;
        appendFileSync(join(src, file), `\nfunction ${name}(limit) {\n  return limit * 2;\n}\n`);
        const t0 = performance.now();
        await client.request('update', { folderId: 'bench', paths: [file] });
        const t1 = performance.now();
        const answer = await client.request('search', { query: name, k: 5, mode: 'lexical' });
        const t2 = performance.now();
        if (answer.results.some((r) => r.name === name)) found++;
        update.push(t1 - t0);
        search.push(t2 - t1);
        total.push(t2 - t0);
        if (condition === 'idle') await client.request('stopIndexing', { folderId: 'bench' });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const figures: SaveCondition = {
        condition,
        saves,
        totalMs: { ...stat(total), max: Math.max(...total) },
        updateMs: stat(update),
        searchMs: stat(search),
        found,
        load: Math.round(loadavg()[0]! * 100) / 100,
      };
      log(`${condition}: save → searchable p50 ${figures.totalMs.p50.toFixed(0)} ms, p95 ${figures.totalMs.p95.toFixed(0)} ms (update p50 ${figures.updateMs.p50.toFixed(0)}, search p50 ${figures.searchMs.p50.toFixed(1)}); found ${found}/${saves}; load ${figures.load}`);
      conditions.push(figures);
    }
    const run: SaveRun = {
      machine: machineInfo(),
      command: `npm run bench:save${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      model: relative(root, modelDir) || modelDir,
      corpus: 'eslint lib/',
      files: files.length,
      conditions,
    };
    if (!values['print-only']) {
      const written = updateBenchmarks(root, { save: run });
      log(`Wrote ${relative(root, written.markdown)}.`);
    }
  } finally {
    await client.request('shutdown', {}).catch(() => undefined);
    await sup.dispose();
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
