/**
 * A model download's progress, for a VS Code progress notification: the message (bytes, rate, time left,
 * file) and the bar's increments, reported a few times a second at most. Pure (the clock is given).
 */
import type { DownloadProgress } from '../../core/models/modelDownload';
import { formatBytes, formatDuration } from '../../core/models/transferMeter';

/** "42.1 MB of 150.0 MB · 5.2 MB/s · 0:20 left · onnx/model_int8.onnx". */
export function downloadMessage(p: DownloadProgress): string {
  const parts = [`${formatBytes(p.doneBytes)} of ${formatBytes(p.totalBytes)}`];
  if (p.bytesPerSecond > 0) parts.push(`${formatBytes(p.bytesPerSecond)}/s`);
  if (p.etaSeconds !== undefined && p.doneBytes < p.totalBytes) parts.push(`${formatDuration(p.etaSeconds)} left`);
  parts.push(p.fileCount > 1 ? `${p.file} (${p.fileIndex + 1}/${p.fileCount})` : p.file);
  return parts.join(' · ');
}

/** 0-100, never more. */
export function percentDone(p: Pick<DownloadProgress, 'doneBytes' | 'totalBytes'>): number {
  if (p.totalBytes <= 0) return 0;
  return Math.min(100, (p.doneBytes / p.totalBytes) * 100);
}

export interface ProgressStep {
  message: string;
  /** Percent to add to the bar (VS Code's progress takes increments). */
  increment: number;
}

/** Turns a stream of download progress into at most one step per `intervalMs`, the last one always. */
export class DownloadProgressSteps {
  private reported = 0;
  private lastAt: number | undefined;

  constructor(
    private readonly report: (step: ProgressStep) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 250,
  ) {}

  push(p: DownloadProgress): void {
    const at = this.now();
    const finished = p.doneBytes >= p.totalBytes;
    if (!finished && this.lastAt !== undefined && at - this.lastAt < this.intervalMs) return;
    this.lastAt = at;
    const percent = percentDone(p);
    this.report({ message: downloadMessage(p), increment: Math.max(0, percent - this.reported) });
    this.reported = Math.max(this.reported, percent);
  }
}
