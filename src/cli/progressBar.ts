/**
 * The CLI's one progress bar (cli-progress), on stderr, redrawn in place and silent when stderr is not a
 * terminal. Index runs show their phase and counts; model downloads their bytes, rate, time left and file.
 */
import { SingleBar } from 'cli-progress';
import type { DownloadProgress } from '../core/models/modelDownload';
import { formatBytes, formatDuration } from '../core/models/transferMeter';
import { neutralizeControls } from '../core/safeText';

export class ProgressBar {
  private bar: SingleBar | undefined;

  constructor(private readonly stream: NodeJS.WritableStream = process.stderr) {}

  /** `done` of `total`, with `label` before the bar and `detail` after it. */
  update(done: number, total: number, label: string, detail: string): void {
    const payload = { label, detail };
    if (this.bar) {
      this.bar.setTotal(total);
      this.bar.update(done, payload);
      return;
    }
    this.bar = new SingleBar({
      stream: this.stream,
      format: '{label}[{bar}] {detail}',
      barCompleteChar: '#',
      barIncompleteChar: '-',
      barsize: 24,
      hideCursor: false,
      clearOnComplete: true,
      linewrap: false,
    });
    this.bar.start(total, done, payload);
  }

  /** An index run's phase: `embed    [####----] 120/300`. */
  phase(label: string, done: number, total: number): void {
    this.update(done, total, `${label.padEnd(8)} `, `${done}/${total}`);
  }

  download(p: DownloadProgress): void {
    this.update(p.doneBytes, p.totalBytes, '', describeDownload(p));
  }

  /** Removes the bar from the terminal. */
  clear(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/** What follows a download's bar: bytes, rate, time left, file. */
export function describeDownload(p: DownloadProgress): string {
  const rate = p.bytesPerSecond > 0 ? `${formatBytes(p.bytesPerSecond)}/s` : '-';
  const eta = p.etaSeconds === undefined ? '' : ` ETA ${formatDuration(p.etaSeconds)}`;
  return `${formatBytes(p.doneBytes)}/${formatBytes(p.totalBytes)} ${rate}${eta} ${neutralizeControls(p.file)} (${p.fileIndex + 1}/${p.fileCount})`;
}
