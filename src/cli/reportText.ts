import type { IndexReport } from '../core/engine/indexReport';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The human summary of an index run: counts first, then everything skipped, failed or repaired. */
export function describeReport(report: IndexReport, root: string, verbose: boolean): string[] {
  const f = report.files;
  const lines: string[] = [];
  const seconds = (report.timings.totalMs / 1000).toFixed(1);
  lines.push(
    `${report.cancelled ? 'Cancelled indexing' : 'Indexed'} ${root}: ${fmt(f.scanned)} files (${fmt(f.unchanged)} unchanged, ${fmt(f.rechunked)} parsed, ${fmt(f.removed)} removed), ${fmt(report.chunks.total)} chunks, in ${seconds} s.`,
  );
  if (report.semantic.available) {
    const device = report.semantic.device ? ` on ${report.semantic.device}` : '';
    lines.push(`Vectors: ${fmt(report.vectors.embedded)} embedded${device}, ${fmt(report.vectors.reused)} reused, ${fmt(report.vectors.pending)} pending.`);
    if (report.semantic.fallbacks.length > 0) {
      const tried = report.semantic.fallbacks.map((fb) => fb.device).join(', ');
      lines.push(`Devices tried before ${report.semantic.device ?? 'the one used'}: ${tried}${verbose ? ':' : ' (--verbose says why).'}`);
      if (verbose) for (const fb of report.semantic.fallbacks) lines.push(`  ${fb.device}: ${fb.reason}`);
    }
  } else {
    const hint = report.semantic.hint ? ` ${report.semantic.hint}` : '';
    lines.push(`warning: semantic search unavailable, built the lexical index only: ${report.semantic.reason ?? 'no model'}${hint}`);
  }
  const skippedTotal = Object.values(f.skipped).reduce((a, b) => a + (b ?? 0), 0);
  if (skippedTotal > 0) {
    const byReason = Object.entries(f.skipped).map(([reason, n]) => `${reason} ${fmt(n ?? 0)}`).join(', ');
    lines.push(`Skipped ${fmt(skippedTotal)} files (${byReason})${verbose ? ':' : '; --verbose lists them.'}`);
    if (verbose) for (const s of f.skippedFiles) lines.push(`  ${s.path}: ${s.reason}${s.detail ? ` (${s.detail})` : ''}`);
  }
  if (f.ignored > 0) lines.push(`Ignored ${fmt(f.ignored)} paths by .gitignore, .codeloupeignore and built-in excludes.`);
  if (report.parse.failed > 0) {
    lines.push(`${fmt(report.parse.failed)} files did not parse and were indexed as line windows:`);
    for (const p of report.parse.failures.slice(0, verbose ? undefined : 5)) lines.push(`  ${p.file}: ${p.error}`);
  }
  if (report.vectors.failed > 0) {
    lines.push(`${fmt(report.vectors.failed)} chunks could not be embedded (they stay searchable lexically):`);
    for (const v of report.vectors.failures.slice(0, verbose ? undefined : 5)) lines.push(`  ${v.file}:${v.line} ${v.name}: ${v.message}`);
  }
  for (const note of report.recovered) lines.push(`Repaired: ${note}`);
  return lines;
}
