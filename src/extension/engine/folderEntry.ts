import { relative, sep } from 'node:path';
import type { FolderActivity, FolderStatus, RunProgress } from '../../shared/protocol';
import type { FolderSnapshot } from '../format/statusSummary';
import type { FolderUri } from './enginePorts';

/** One workspace folder as the extension knows it: its engine's last status and current activity. */
export class FolderEntry implements FolderSnapshot {
  status: FolderStatus | undefined;
  openError: string | undefined;
  readonly root: string;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly uri: FolderUri,
  ) {
    this.root = uri.fsPath;
  }

  opened(status: FolderStatus): void {
    this.status = status;
    this.openError = undefined;
  }

  failed(message: string): void {
    this.status = undefined;
    this.openError = message;
  }

  setActivity(activity: FolderActivity): boolean {
    if (!this.status) return false;
    this.status = { ...this.status, activity };
    return true;
  }

  setProgress(runId: number, progress: RunProgress): boolean {
    const a = this.status?.activity;
    if (!this.status || a?.state !== 'indexing' || a.runId !== runId) return false;
    this.status = { ...this.status, activity: { ...a, progress } };
    return true;
  }

  /** True when stored vectors can answer (hover, find similar without a model call). */
  get hasVectors(): boolean {
    return this.status !== undefined && this.status.embedded > 0 && this.status.semanticUnavailable === undefined;
  }

  /** `abs` relative to the folder, '/'-separated; undefined when outside it. */
  relative(abs: string): string | undefined {
    const rel = relative(this.root, abs);
    if (rel === '' || rel.startsWith('..') || rel.includes(`:${sep}`)) return undefined;
    return rel.split(sep).join('/');
  }
}
