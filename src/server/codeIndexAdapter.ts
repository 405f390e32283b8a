import type { EmbedderPool } from '../core/embed/embedderPool';
import { CodeIndex } from '../core/engine/codeIndex';
import type { FolderEngine, OpenFolderEngine } from './folderEngine';

/**
 * Opens the real engine for a folder: the only place the server names `CodeIndex`. All folders of the
 * server share `embedders`, so a multi-root workspace loads the model once.
 */
export const codeIndexOpener = (embedders: EmbedderPool): OpenFolderEngine => async (config, logger): Promise<FolderEngine> =>
  CodeIndex.open({
    embedderPool: embedders,
    root: config.root,
    indexDir: config.indexDir,
    logger,
    ...(config.modelDir !== undefined && { modelDir: config.modelDir }),
    ...(config.modelUnavailable !== undefined && { modelUnavailable: config.modelUnavailable }),
    ...(config.precision !== undefined && { precision: config.precision }),
    ...(config.device !== undefined && { device: config.device }),
    ...(config.scan !== undefined && { scan: config.scan }),
    ...(config.workerPath !== undefined && { workerPath: config.workerPath }),
    ...(config.threads !== undefined && { threads: config.threads }),
  });
