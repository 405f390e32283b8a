import type { ScaleRun } from '../scale/scaleRun';
import { f3, int, ms, table } from './markdownTable';

export function scaleSection(run: ScaleRun): string {
  const measured = `Measured ${run.machine.date.slice(0, 10)} with \`${run.command}\` (${(run.totalMs / 60_000).toFixed(0)} min)`;
  const reused = run.indexedOn ? `: queries only, on the indexes built ${run.indexedOn.slice(0, 10)} (the index figures are from that run)` : '';
  const parts = ['## Scale', '', `${measured}${reused}.`, ''];
  const l = run.lexical;
  if (l) {
    parts.push(
      `Lexical index of a synthetic repository (TypeScript, Python, Go), built by the engine server the extension runs, over its protocol:`,
      '',
      table(
        ['files', 'chunks', 'skipped', 'index s', 'scan / read / chunk / store s', 'server peak RSS MiB', 'index on disk MiB', 'lexical p50 ms', 'lexical p95 ms', 'load'],
        [[
          int(l.files), int(l.chunks), int(l.skipped), (l.indexMs / 1000).toFixed(0),
          [l.timings.scanMs, l.timings.readMs, l.timings.chunkMs, l.timings.storeMs].map((x) => (x / 1000).toFixed(0)).join(' / '),
          l.serverPeakRssMiB.toFixed(0), l.diskMiB.toFixed(0), ms(l.lexicalQueryMs.p50), ms(l.lexicalQueryMs.p95), String(l.load),
        ]],
      ),
      '',
    );
  }
  const v = run.vectors;
  if (v) {
    parts.push(
      `Vectors at about ${int(v.chunks)} chunks (${int(v.files)} synthetic files, model \`${v.model}\`: the test model's vectors mean nothing, they exercise the vector index); ` +
        `indexed in ${(v.indexMs / 60_000).toFixed(1)} min. Query latency in one warm process (200 three-word queries):`,
      '',
      table(
        ['lexical p50 ms', 'lexical p95 ms', 'hybrid p50 ms', 'hybrid p95 ms', 'load'],
        [[ms(v.latency.lexical.p50), ms(v.latency.lexical.p95), ms(v.latency.hybrid?.p50), ms(v.latency.hybrid?.p95), String(v.load)]],
      ),
      '',
      'HNSW against exact search over the same vectors, by search width (ef):',
      '',
      table(
        ['ef', 'vectors', 'dimension', 'recall@10', 'HNSW p50 ms', 'HNSW p95 ms', 'exact p50 ms', 'exact p95 ms'],
        v.search.map((s) => [String(s.ef), int(s.vectors), String(s.dimension), f3(s.recallAt10), ms(s.hnswMs.p50), ms(s.hnswMs.p95), ms(s.exactMs.p50), ms(s.exactMs.p95)]),
      ),
      '',
    );
  }
  return parts.join('\n');
}
