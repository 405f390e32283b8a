/**
 * `codeloupe bench embed`: the raw model's throughput on the synthetic corpus (through the same worker
 * the engine uses), and the whole indexing pipeline on a folder with its time per stage, so the pipeline's
 * overhead over the raw model shows as a ratio.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DeviceRequest } from '../embed/devices';
import type { ModelInfo } from '../embed/modelInfo';
import { ModelTokenizer } from '../embed/tokenizer';
import { WorkerEmbedder } from '../embed/workerEmbedder';
import { CodeIndex, type CodeIndexOptions } from '../engine/codeIndex';
import { CodeloupeError } from '../errors';
import type { Logger } from '../logger';
import { definedProps } from '../definedProps';

export interface RawBench {
  model: string;
  onnxFile: string;
  device: string;
  chunks: number;
  tokens: number;
  meanTokens: number;
  startupMs: number;
  seconds: number;
  chunksPerSecond: number;
  tokensPerSecond: number;
  /** Inside the worker: tokenizing and running the model. */
  tokenizeMs: number;
  inferMs: number;
  failures: number;
}

export interface RawBenchOptions {
  model: ModelInfo;
  texts: readonly string[];
  device: DeviceRequest;
  threads?: number;
  batchTokens?: number;
  workerPath?: string;
  logger?: Logger;
}

export async function benchRawEmbedding(opts: RawBenchOptions): Promise<RawBench> {
  const tokenizer = await ModelTokenizer.load(opts.model);
  const tokens = opts.texts.reduce((n, t) => n + Math.min(tokenizer.count(opts.model.documentPrefix + t), opts.model.maxTokens), 0);
  const t0 = performance.now();
  const embedder = await WorkerEmbedder.start({
    model: opts.model,
    device: opts.device,
    ...definedProps({ threads: opts.threads, batchTokens: opts.batchTokens, workerPath: opts.workerPath, logger: opts.logger }),
  });
  const startupMs = performance.now() - t0;
  try {
    await embedder.embed(opts.texts.slice(0, 8), 'document'); // warm-up: first runs allocate
    const t1 = performance.now();
    const out = await embedder.embed([...opts.texts], 'document');
    const seconds = (performance.now() - t1) / 1000;
    return {
      model: opts.model.id,
      onnxFile: path.relative(opts.model.dir, opts.model.onnxPath),
      device: embedder.device,
      chunks: opts.texts.length,
      tokens,
      meanTokens: Math.round(tokens / Math.max(1, opts.texts.length)),
      startupMs,
      seconds,
      chunksPerSecond: opts.texts.length / seconds,
      tokensPerSecond: tokens / seconds,
      tokenizeMs: out.timings?.tokenizeMs ?? 0,
      inferMs: out.timings?.inferMs ?? 0,
      failures: out.failures.length,
    };
  } finally {
    await embedder.dispose();
  }
}

export interface PipelineBench {
  root: string;
  files: number;
  chunks: number;
  embedded: number;
  seconds: number;
  filesPerSecond: number;
  chunksPerSecond: number;
  /** Milliseconds per stage; `embedOtherMs` is the embed stage beyond tokenize + infer (IPC, queueing). */
  stages: { scanMs: number; readMs: number; parseMs: number; tokenizeMs: number; inferMs: number; embedOtherMs: number; storeMs: number; totalMs: number };
  /** Wall time over the model's own time: 1.0 would mean the pipeline adds nothing. */
  overheadRatio: number;
  device: string | undefined;
}

/** Indexes `root` from scratch into a temporary index, and reports the run's counts and timings. */
export async function benchPipeline(options: Omit<CodeIndexOptions, 'indexDir' | 'mustExist'>): Promise<PipelineBench> {
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'codeloupe-bench-'));
  try {
    const index = await CodeIndex.open({ ...options, indexDir });
    let report;
    try {
      report = await index.update();
    } finally {
      await index.close();
    }
    if (!report.semantic.available) throw new CodeloupeError('E_MODEL_UNAVAILABLE', `The pipeline benchmark needs a model: ${report.semantic.reason ?? 'none'}.`, { hint: 'Pass --model DIR.' });
    const t = report.timings;
    const seconds = t.totalMs / 1000;
    return {
      root: index.root,
      files: report.files.scanned,
      chunks: report.chunks.total,
      embedded: report.vectors.embedded,
      seconds,
      filesPerSecond: report.files.scanned / seconds,
      chunksPerSecond: report.chunks.total / seconds,
      stages: {
        scanMs: t.scanMs,
        readMs: t.readMs,
        parseMs: t.chunkMs,
        tokenizeMs: t.tokenizeMs,
        inferMs: t.inferMs,
        embedOtherMs: Math.max(0, t.embedMs - t.tokenizeMs - t.inferMs),
        storeMs: t.storeMs,
        totalMs: t.totalMs,
      },
      overheadRatio: t.inferMs > 0 ? t.totalMs / t.inferMs : Number.NaN,
      device: report.semantic.device,
    };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}
