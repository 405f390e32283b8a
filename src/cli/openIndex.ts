import { CodeIndex } from '../core/engine/codeIndex';
import type { CommonOptions } from './args';
import { cliLogger } from './output';

/** Opens the index of `options.root`; reading commands need an existing index. */
export async function openIndex(options: CommonOptions, purpose: 'write' | 'read'): Promise<CodeIndex> {
  return CodeIndex.open({
    root: options.root,
    logger: cliLogger(options.verbose),
    device: options.device,
    mustExist: purpose === 'read',
    ...(options.indexDir !== undefined && { indexDir: options.indexDir }),
    ...(options.modelDir !== undefined && { modelDir: options.modelDir }),
    ...(options.threads !== undefined && { threads: options.threads }),
    scan: {
      include: options.include,
      exclude: options.exclude,
      ...(options.maxFileBytes !== undefined && { maxFileBytes: options.maxFileBytes }),
    },
  });
}
