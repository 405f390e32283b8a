import type { IndexReport } from '../../core/engine/indexReport';
import type { LogLevel } from '../../core/logger';

export interface LogLine {
  level: LogLevel;
  message: string;
}

/**
 * What a finished index run tells the log: one summary line, then every skipped file with its reason,
 * every parse and embedding failure and every repair. Nothing is skipped silently. (The device, and each
 * device fallback with its reason, is logged once by the engine when the embedder starts, not per run.)
 */
export function reportLines(report: IndexReport, folderName: string, full = true): LogLine[] {
  const { files, chunks, vectors, semantic } = report;
  const seconds = (report.timings.totalMs / 1000).toFixed(1);
  const skipped = Object.entries(files.skipped).map(([reason, n]) => `${n} ${reason}`).join(', ');
  const lines: LogLine[] = [
    {
      level: 'info',
      message:
        `${report.cancelled ? 'Stopped indexing' : 'Indexed'} ${folderName} in ${seconds} s: ${files.scanned} files scanned, ${files.read} read, ` +
        `${files.removed} removed${skipped ? `, skipped ${skipped}` : ''}; ${chunks.written} chunks written (${chunks.total} in all); ` +
        `${vectors.embedded} texts embedded, ${vectors.reused} reused, ${vectors.failed} failed, ${vectors.pending} pending.`,
    },
  ];
  for (const s of files.skippedFiles) lines.push({ level: 'info', message: `Skipped ${s.path}: ${s.reason}${s.detail ? ` (${s.detail})` : ''}.` });
  for (const f of report.parse.failures) lines.push({ level: 'warn', message: `Could not parse ${f.file}, indexed as line windows: ${f.error}` });
  for (const f of vectors.failures) lines.push({ level: 'warn', message: `Could not embed ${f.name} at ${f.file}:${f.line}: ${f.message}` });
  // Said once per whole-folder run, not after every saved file.
  if (full && !semantic.available && semantic.reason) lines.push({ level: 'warn', message: `Semantic search unavailable for ${folderName}: ${semantic.reason}` });
  for (const r of report.recovered) lines.push({ level: 'warn', message: `Repaired: ${r}` });
  return lines;
}
