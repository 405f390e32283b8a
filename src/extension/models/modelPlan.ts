/**
 * What to do about the configured model before a folder's engine opens, and what the engine is opened
 * with while a download runs, failed or was cancelled. Pure: file checks and download states are given.
 */
import type { SemanticUnavailable } from '../../core/engine/semanticModel';
import type { Precision } from '../../core/models/precision';
import type { ModelLocation } from '../settings/modelLocation';

export type ModelPlan =
  /** A folder path, or an id whose wanted export is on disk. */
  | { kind: 'use'; dir: string }
  /**
   * An id whose wanted export is on disk nowhere: download it into `dir` (the extension's global storage).
   * `meanwhile` is a folder with another export of the same model, usable until the download ends.
   */
  | { kind: 'download'; id: string; dir: string; meanwhile?: string }
  | { kind: 'invalid'; reason: string };

/** Whether `dir` holds the model's files with the wanted export (`exact`) or any export. */
export type HasModelFiles = (dir: string, exact: boolean) => boolean;

export function planModel(location: ModelLocation, hasFiles: HasModelFiles): ModelPlan {
  if (location.kind === 'invalid') return { kind: 'invalid', reason: location.reason };
  if (location.kind === 'folder') return { kind: 'use', dir: location.dir };
  // The extension's storage first, then the cache the CLI shares.
  const exact = location.searched.find((dir) => hasFiles(dir, true));
  if (exact !== undefined) return { kind: 'use', dir: exact };
  const meanwhile = location.searched.find((dir) => hasFiles(dir, false));
  const target = location.searched[0] ?? location.dir;
  return meanwhile === undefined ? { kind: 'download', id: location.id, dir: target } : { kind: 'download', id: location.id, dir: target, meanwhile };
}

/** Where one model download stands, from the extension's point of view. */
export type DownloadState =
  | { state: 'downloading' }
  | { state: 'failed'; reason: string }
  | { state: 'cancelled' }
  /** `dir` may hold another export than the wanted one when the wanted one could not be fetched. */
  | { state: 'done'; dir: string };

/** What a folder's engine is opened with: a model folder, or why there is none (then it indexes lexically). */
export type FolderModel = { precision: Precision } & ({ modelDir: string } | { modelUnavailable: SemanticUnavailable });

export function folderModel(plan: ModelPlan, download: DownloadState | undefined, precision: Precision): FolderModel {
  if (plan.kind === 'use') return { precision, modelDir: plan.dir };
  if (plan.kind === 'invalid') return { precision, modelUnavailable: { reason: plan.reason } };
  if (download?.state === 'done') return { precision, modelDir: download.dir };
  if (plan.meanwhile !== undefined) return { precision, modelDir: plan.meanwhile };
  return { precision, modelUnavailable: { reason: unavailableReason(plan.id, download) } };
}

/** Why a folder is keyword-only because of its model's download; no trailing period (UIs add their own). */
export function unavailableReason(id: string, download: DownloadState | undefined): string {
  switch (download?.state) {
    case 'failed':
      return download.reason.replace(/\.+$/, '');
    case 'cancelled':
      return `The download of the model ${id} was cancelled`;
    default:
      return `The model ${id} is being downloaded`;
  }
}
