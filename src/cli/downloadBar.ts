/** The model download's progress line on stderr: bar, bytes, rate, time left, file. Silent when stderr is not a terminal. */
import type { DownloadProgress } from '../core/models/modelDownload';
import { formatBytes, formatDuration } from '../core/models/transferMeter';
import { neutralizeControls } from '../core/safeText';

export function describeDownload(p: DownloadProgress, width = 24): string {
  const ratio = p.totalBytes > 0 ? Math.min(1, p.doneBytes / p.totalBytes) : 0;
  const filled = Math.round(ratio * width);
  const rate = p.bytesPerSecond > 0 ? `${formatBytes(p.bytesPerSecond)}/s` : '-';
  const eta = p.etaSeconds === undefined ? '' : ` ETA ${formatDuration(p.etaSeconds)}`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${formatBytes(p.doneBytes)}/${formatBytes(p.totalBytes)} ${rate}${eta} ${p.file} (${p.fileIndex + 1}/${p.fileCount})`;
}

export class DownloadBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly enabled = process.stderr.isTTY === true) {}

  update(p: DownloadProgress): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && p.doneBytes < p.totalBytes) return;
    this.lastDraw = now;
    process.stderr.write(`\r\x1b[2K${neutralizeControls(describeDownload(p))}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}
