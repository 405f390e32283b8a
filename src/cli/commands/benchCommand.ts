import { resolveModel } from '../../core/embed/modelInfo';
import { benchPipeline, benchRawEmbedding, type PipelineBench, type RawBench } from '../../core/models/embedBench';
import { ensureModel } from '../../core/models/ensureModel';
import { syntheticCodeChunks } from '../../core/models/syntheticCode';
import { commonOptions, positiveInt, usage, type ParsedArgs } from '../args';
import { ProgressBar } from '../progressBar';
import { precisionFor } from '../openIndex';
import { cliLogger, err, json, out } from '../output';
import { definedProps } from '../../core/definedProps';

const DEFAULT_CHUNKS = 300;

/**
 * `codeloupe bench embed [PATH]`: raw model throughput on a fixed synthetic corpus, then (with PATH) the
 * full indexing pipeline on that folder, with the time per stage and the overhead over the raw model.
 */
export async function benchCommand(args: ParsedArgs): Promise<number> {
  const [what, folder, ...extra] = args.positionals;
  if (what !== 'embed' || extra.length > 0) throw usage('Usage: codeloupe bench embed [PATH] [--model M] [--device D] [--batch-tokens N] [--threads N] [--chunks N]');
  const options = commonOptions(args.values, folder ?? '.');
  const chunks = positiveInt('--chunks', args.values.chunks) ?? DEFAULT_CHUNKS;
  const precision = precisionFor(options);
  const logger = cliLogger(options.verbose);
  const bar = new ProgressBar();
  const ensured = await ensureModel({ spec: options.model, precision, logger, lock: true, onProgress: (p) => bar.download(p), ...definedProps({ onnx: options.onnx }) }).finally(() => bar.clear());
  const model = await resolveModel(ensured.dir, {
    precision,
    ...definedProps({ preferredOnnx: options.onnx, truncateDimension: options.truncateDimension }),
  });
  const tuning = { ...definedProps({ threads: options.threads, batchTokens: options.batchTokens }) };
  if (!options.json) err(`Raw model: ${chunks} synthetic chunks through the embedding worker…`);
  const raw = await benchRawEmbedding({ model, texts: syntheticCodeChunks(chunks), device: options.device, logger, ...tuning });
  let pipeline: PipelineBench | undefined;
  if (folder !== undefined) {
    if (!options.json) err(`Pipeline: indexing ${options.root} from scratch into a temporary index…`);
    pipeline = await benchPipeline({
      root: options.root,
      modelDir: ensured.dir,
      precision,
      device: options.device,
      logger,
      scan: { include: options.include, exclude: options.exclude },
      ...definedProps({ onnx: options.onnx, truncateDimension: options.truncateDimension }),
      ...tuning,
    });
  }
  if (options.json) json({ raw, ...(pipeline && { pipeline, pipelineVsRaw: pipeline.chunksPerSecond / raw.chunksPerSecond }) });
  else for (const line of describeBench(raw, pipeline)) out(line);
  return 0;
}

export function describeBench(raw: RawBench, pipeline: PipelineBench | undefined): string[] {
  const ms = (v: number): string => `${Math.round(v)} ms`;
  const lines = [
    `Model ${raw.model} (${raw.onnxFile}) on ${raw.device}, worker start ${ms(raw.startupMs)}`,
    `Raw:      ${raw.chunks} chunks, ${raw.tokens} tokens (mean ${raw.meanTokens}) in ${raw.seconds.toFixed(2)} s: ${raw.chunksPerSecond.toFixed(1)} chunks/s, ${Math.round(raw.tokensPerSecond)} tokens/s` +
      ` (worker: tokenize ${ms(raw.tokenizeMs)}, model ${ms(raw.inferMs)})${raw.failures ? `, ${raw.failures} failures` : ''}`,
  ];
  if (pipeline) {
    const s = pipeline.stages;
    lines.push(
      `Pipeline: ${pipeline.files} files, ${pipeline.chunks} chunks (${pipeline.embedded} embedded) in ${pipeline.seconds.toFixed(2)} s: ${pipeline.filesPerSecond.toFixed(1)} files/s, ${pipeline.chunksPerSecond.toFixed(1)} chunks/s`,
      `Stages:   scan ${ms(s.scanMs)}, read ${ms(s.readMs)}, parse ${ms(s.parseMs)}, tokenize ${ms(s.tokenizeMs)}, embed ${ms(s.inferMs)} (+ ${ms(s.embedOtherMs)} IPC/queue), store ${ms(s.storeMs)}; total ${ms(s.totalMs)}`,
      `Overhead: wall time / model time = ${pipeline.overheadRatio.toFixed(2)}; pipeline chunks/s = ${((pipeline.chunksPerSecond / raw.chunksPerSecond) * 100).toFixed(0)}% of raw`,
    );
  }
  return lines;
}
