import type { PerfRun } from '../perf/perfRun';
import { f3, int, mib, ms, sec, table } from './markdownTable';

export function perfSection(run: PerfRun): string {
  const c = run.corpora;
  const parts = [
    '## Speed, memory, disk',
    '',
    `Measured ${run.machine.date.slice(0, 10)} with \`${run.command}\` (${sec(run.totalMs)} s), model \`${run.model.dir}\`${run.model.isTestModel ? ' (the test model: hidden size 64, 4 layers, so embedding is far cheaper than with a real 768-d, 22-layer ModernBERT)' : ''}. ` +
      `Synthetic repository: ${run.syntheticBaseFiles} files at 1x, scaled ${run.scales.join('x, ')}x. ` +
      `Embedding device: ${[...new Set(c.map((x) => x.index.semantic.device ?? 'none'))].join(', ')}.`,
    '',
    '### Full index, by stage',
    '',
    table(
      ['corpus', 'files', 'MiB', 'chunks', 'embedded', 'scan ms', 'read ms', 'chunk ms', 'embed ms (worker: tokenize / infer)', 'store ms', 'total s', 'files/s', 'chunks/s'],
      c.map((x) => [
        x.corpus, int(x.index.files.scanned), mib(x.bytes), int(x.index.chunks), int(x.index.embedded),
        ms(x.index.timings.scanMs), ms(x.index.timings.readMs), ms(x.index.timings.chunkMs),
        `${ms(x.index.timings.embedMs)}${x.index.timings.inferMs === undefined ? '' : ` (${ms(x.index.timings.tokenizeMs)} / ${ms(x.index.timings.inferMs)})`}`,
        ms(x.index.timings.storeMs),
        sec(x.index.timings.totalMs), int(x.index.filesPerSecond), int(x.index.chunksPerSecond),
      ]),
    ),
    '',
    '### Floors measured in the same run',
    '',
    table(
      ['corpus', '`rg --files` ms', 'read all ms', 'codeloupe scan+read ms', 'tree-sitter parse alone ms (files)', 'codeloupe chunk ms (chunk threads)', 'lexical index ms', '× floor', 'chunked on the calling thread: lexical ms (× floor)', 'then exact windows ms'],
      c.map((x) => {
        const floor = (x.floors.ripgrep ? x.floors.ripgrep.listMs + x.floors.ripgrep.readMs : 0) + x.floors.treeSitter.parseMs;
        const lexical = x.index.timings.lexicalMs;
        return [
          x.corpus,
          x.floors.ripgrep ? ms(x.floors.ripgrep.listMs) : 'rg not installed',
          x.floors.ripgrep ? ms(x.floors.ripgrep.readMs) : '–',
          ms(x.index.timings.scanMs + x.index.timings.readMs),
          `${ms(x.floors.treeSitter.parseMs)} (${int(x.floors.treeSitter.files)})`,
          `${ms(x.index.timings.chunkMs)}${x.index.chunkThreads === undefined ? '' : ` (${x.index.chunkThreads})`}`,
          ms(lexical),
          lexical === undefined || floor === 0 ? '–' : (lexical / floor).toFixed(2),
          x.index.inProcessLexicalMs === undefined || floor === 0 ? '–' : `${ms(x.index.inProcessLexicalMs)} (${(x.index.inProcessLexicalMs / floor).toFixed(2)})`,
          x.index.timings.windowsMs ? ms(x.index.timings.windowsMs) : '–',
        ];
      }),
    ),
    '',
    '### Re-index after one change',
    '',
    table(
      ['corpus', 'file', 'touch (mtime only) ms', 'embedded', 'edit (function appended) ms', 'files re-chunked', 'embedded', "that file's chunks", 'only that file'],
      c.map((x) => [
        x.corpus, `\`${x.edit.file ?? '–'}\``, ms(x.touch.wallMs), String(x.touch.embedded), ms(x.edit.wallMs), String(x.edit.filesRechunked),
        String(x.edit.embedded), String(x.edit.fileChunks ?? '–'), x.edit.onlyThatFile === undefined ? '–' : x.edit.onlyThatFile ? 'yes' : '**NO**',
      ]),
    ),
    '',
    '### Query latency (one warm process) and vector search',
    '',
    table(
      ['corpus', 'queries', 'lexical p50 ms', 'lexical p95 ms', 'hybrid p50 ms', 'hybrid p95 ms', 'vectors', 'HNSW recall@10', 'HNSW p50 ms', 'exact p50 ms', 'exact p95 ms'],
      c.map((x) => [
        x.corpus, String(x.latency.lexical.queries), ms(x.latency.lexical.p50), ms(x.latency.lexical.p95), ms(x.latency.hybrid?.p50), ms(x.latency.hybrid?.p95),
        x.vectorSearch ? int(x.vectorSearch.vectors) : '–', f3(x.vectorSearch?.recallAt10), ms(x.vectorSearch?.hnswMs.p50), ms(x.vectorSearch?.exactMs.p50), ms(x.vectorSearch?.exactMs.p95),
      ]),
    ),
    '',
    '### Memory and disk',
    '',
    table(
      ['corpus', 'CLI peak RSS MiB', 'worker peak RSS MiB', 'index on disk MiB', 'MiB per 1,000 chunks'],
      c.map((x) => [x.corpus, x.index.memory ? x.index.memory.cliPeakMiB.toFixed(0) : '–', x.index.memory?.workerPeakMiB?.toFixed(0) ?? '–', mib(x.index.diskBytes), mib(x.index.diskBytesPer1000Chunks)]),
    ),
    '',
    '<details><summary>commands</summary>',
    '',
    '```',
    ...c.flatMap((x) => x.commands),
    '```',
    '',
    '</details>',
    '',
  ];
  return parts.join('\n');
}
