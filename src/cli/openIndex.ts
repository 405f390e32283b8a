import { CodeIndex } from '../core/engine/codeIndex';
import { unavailableFrom, type SemanticUnavailable } from '../core/engine/semanticModel';
import { CodeloupeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { cudaProvisioning } from '../core/models/cudaProvisioning';
import { classifyModelSpec, ensureModel } from '../core/models/ensureModel';
import { choosePrecision, type Precision } from '../core/models/precision';
import type { CommonOptions } from './args';
import { ProgressBar } from './progressBar';
import { cliLogger } from './output';
import { definedProps } from '../core/definedProps';

/**
 * How the model is prepared: 'ensure' downloads a Hugging Face id's files on first use (a failed download
 * leaves semantic search off with the reason, lexical search works); 'present' uses what is on disk.
 */
export type ModelUse = 'ensure' | 'present';

/** Opens the index of `options.root`; reading commands need an existing index. */
export async function openIndex(options: CommonOptions, purpose: 'write' | 'read', modelUse: ModelUse = 'present'): Promise<CodeIndex> {
  // Fail fast on a missing folder or index, before a model download can start.
  CodeIndex.locate({ root: options.root, mustExist: purpose === 'read', ...definedProps({ indexDir: options.indexDir }) });
  const logger = cliLogger(options.verbose);
  const precision = precisionFor(options);
  const model = modelUse === 'ensure' ? await prepareModel(options, precision, logger) : { modelDir: classifyModelSpec(options.model).dir };
  return CodeIndex.open({
    root: options.root,
    logger,
    device: options.device,
    mustExist: purpose === 'read',
    // An index run holds the writer lock from opening to closing; another one waits for it.
    holdLock: purpose === 'write',
    precision,
    ...model,
    ...definedProps({ onnx: options.onnx, truncateDimension: options.truncateDimension, indexDir: options.indexDir, threads: options.threads, batchTokens: options.batchTokens }),
    scan: {
      include: options.include,
      exclude: options.exclude,
      ...definedProps({ maxFileBytes: options.maxFileBytes }),
    },
  });
}

/** int8 on the CPU, fp16 on a GPU device, unless --precision says otherwise. */
export function precisionFor(options: Pick<CommonOptions, 'device' | 'precision'>): Precision {
  return choosePrecision(options.device, { platform: process.platform, arch: process.arch, cudaReady: cudaProvisioning().ready }, options.precision);
}

async function prepareModel(options: CommonOptions, precision: Precision, logger: Logger): Promise<{ modelDir: string } | { modelUnavailable: SemanticUnavailable }> {
  const bar = new ProgressBar();
  try {
    const ensured = await ensureModel({
      spec: options.model,
      precision,
      logger,
      lock: true,
      onProgress: (p) => bar.download(p),
      ...definedProps({ onnx: options.onnx }),
    });
    bar.clear();
    if (ensured.downloaded) logger.info(`Downloaded ${ensured.id} into ${ensured.dir}.`);
    return { modelDir: ensured.dir };
  } catch (err) {
    bar.clear();
    if (err instanceof CodeloupeError && err.code === 'E_MODEL_UNAVAILABLE') return { modelUnavailable: unavailableFrom(err) };
    throw err;
  }
}
