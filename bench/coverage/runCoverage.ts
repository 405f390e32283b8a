import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../lib/cli';
import type { PerfModel } from '../lib/perfModels';
import type { CoverageFigures, RawFigures } from './coverageRun';

interface IndexJson {
  vectors: { embedded: number; pending: number; tokens?: number; paddedTokens?: number };
  timings: { scanMs: number; readMs: number; chunkMs: number; storeMs: number; embedMs: number; inferMs: number; totalMs: number; lexicalMs?: number; windowsMs?: number };
  cancelled: boolean;
}

/** Runs `node dist/cli.js ARGS`; after `capMs` it is sent SIGINT (it finishes its batch and prints its report). */
function runCapped(args: string[], capMs: number, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const timer = setTimeout(() => child.kill('SIGINT'), capMs);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), wallMs: performance.now() - started });
    });
  });
}

const load = (): number => Math.round(loadavg()[0]! * 100) / 100;

/** Indexes `root` from an empty index with `model` until every text has a vector or `capMs` passes. */
export async function measureCoverage(
  corpus: { name: string; root: string },
  model: PerfModel,
  precision: 'int8' | 'fp32',
  options: { workDir: string; capMs: number; threads?: number },
): Promise<CoverageFigures> {
  const indexDir = join(options.workDir, 'coverage', `${corpus.name.replace(/[^\w.-]+/g, '_')}-${model.shape}-${precision}`);
  rmSync(indexDir, { recursive: true, force: true });
  const args = ['index', corpus.root, '--index-dir', indexDir, '--model', model.dir, '--precision', precision, '--device', 'cpu', '--json', ...(options.threads ? ['--threads', String(options.threads)] : [])];
  const run = await runCapped(args, options.capMs, {});
  if (run.code !== 0 && run.code !== 130) throw new Error(`codeloupe ${args.join(' ')} exited ${run.code}:\n${run.stderr.trim()}`);
  const report = JSON.parse(run.stdout) as IndexJson;
  const t = report.timings;
  const embedded = report.vectors.embedded;
  const texts = embedded + report.vectors.pending;
  const lexicalMs = t.lexicalMs ?? t.scanMs + t.readMs + t.chunkMs;
  const complete = report.vectors.pending === 0 && !report.cancelled;
  const embedWall = Math.max(0, t.totalMs - lexicalMs);
  return {
    corpus: corpus.name,
    shape: model.shape,
    precision,
    parameters: model.parameters,
    texts,
    embedded,
    complete,
    wallMs: run.wallMs,
    lexicalMs,
    windowsMs: t.windowsMs ?? 0,
    embedMs: t.embedMs,
    inferMs: t.inferMs,
    tokens: report.vectors.tokens ?? 0,
    paddedTokens: report.vectors.paddedTokens ?? 0,
    coverageMs: complete || embedded === 0 ? t.totalMs : lexicalMs + (embedWall * texts) / embedded,
    estimated: !complete,
    load: load(),
  };
}

/** `codeloupe bench embed` on the synthetic chunks: the model alone, through the same worker. */
export async function measureRaw(model: PerfModel, precision: 'int8' | 'fp32', chunks: number, threads?: number): Promise<RawFigures> {
  const args = ['bench', 'embed', '--model', model.dir, '--precision', precision, '--device', 'cpu', '--chunks', String(chunks), '--json', ...(threads ? ['--threads', String(threads)] : [])];
  const run = await runCapped(args, 30 * 60_000, {});
  if (run.code !== 0) throw new Error(`codeloupe ${args.join(' ')} exited ${run.code}:\n${run.stderr.trim()}`);
  const raw = (JSON.parse(run.stdout) as { raw: { chunks: number; meanTokens: number; chunksPerSecond: number; tokensPerSecond: number } }).raw;
  return { shape: model.shape, precision, chunks: raw.chunks, meanTokens: raw.meanTokens, chunksPerSecond: raw.chunksPerSecond, tokensPerSecond: raw.tokensPerSecond, load: load() };
}
