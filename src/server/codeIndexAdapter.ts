import type { EmbedderPool } from '../core/embed/embedderPool';
import { CodeIndex } from '../core/engine/codeIndex';
import type { FolderEngine, OpenFolderEngine } from './folderEngine';
import { definedProps } from '../core/definedProps';

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
    ...definedProps({ modelDir: config.modelDir, modelUnavailable: config.modelUnavailable, precision: config.precision, device: config.device, scan: config.scan, workerPath: config.workerPath, threads: config.threads }),
  });
