import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import type { FolderConfig } from '../../shared/protocol';
import type { FolderModel } from '../models/modelPlan';
import type { Settings } from '../settings/readSettings';

export interface ExtensionPlaces {
  /** The extension's install folder: its dist/ holds the engine server and the embedding worker. */
  extensionPath: string;
  /** Per-workspace storage (`context.storageUri`), where the indexes live. */
  storageDir: string;
}

/** One index per workspace folder, inside the extension's workspace storage, never in the folder itself. */
export function indexDirFor(storageDir: string, root: string): string {
  const digest = createHash('sha256').update(root).digest('hex').slice(0, 12);
  const name = basename(root).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return join(storageDir, 'indexes', `${name}-${digest}`);
}

export function serverPath(extensionPath: string): string {
  return join(extensionPath, 'dist', 'engine-server.js');
}

export function workerPath(extensionPath: string): string {
  return join(extensionPath, 'dist', 'embed-worker.js');
}

/** What a folder's engine is opened with, from the folder's settings. Pure. */
export function folderConfig(folder: { id: string; root: string }, settings: Settings, model: FolderModel, places: ExtensionPlaces): FolderConfig {
  const scan = {
    maxFileBytes: settings.maxFileSize,
    ...(settings.include.length > 0 && { include: settings.include }),
    ...(settings.exclude.length > 0 && { exclude: settings.exclude }),
  };
  return {
    folderId: folder.id,
    root: folder.root,
    indexDir: indexDirFor(places.storageDir, folder.root),
    // Without a model (a download under way, failed, or an invalid setting) the engine indexes lexically and says why.
    ...('modelDir' in model ? { modelDir: model.modelDir } : { modelUnavailable: model.modelUnavailable }),
    precision: model.precision,
    device: settings.device,
    ...(settings.threads > 0 && { threads: settings.threads }),
    scan,
    workerPath: workerPath(places.extensionPath),
  };
}
