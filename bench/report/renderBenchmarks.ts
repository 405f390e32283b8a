import type { BenchmarksFile } from '../lib/reportFile';
import type { MachineInfo } from '../lib/machine';
import { coverageSection } from './coverageSection';
import { perfSection } from './perfSection';
import { saveSection } from './saveSection';
import { scaleSection } from './scaleSection';
import { qualitySection } from './qualitySection';

function machine(label: string, m: MachineInfo): string {
  return `- ${label}: ${m.date} · ${m.cpuModel} · nproc ${m.nproc} · ${m.memoryGiB} GiB RAM · Node ${m.node} · ${m.platform}${m.gitCommit ? ` · commit ${m.gitCommit}` : ''} · load average ${m.loadAverage1m} at the end`;
}

const HOW_TO_RUN = `## How to reproduce

\`\`\`sh
npm ci                      # builds dist/ through the prepare script
npm run bench:quality       # CoSQA dev + five doc-comment sets; lexical, semantic, hybrid beside BM25
npm run bench:perf          # ESLint's lib/ + synthetic repo at 1x/4x/16x (--real typescript: the compiler's lib/)
# real semantic numbers: any ModernBERT embedder in the Hugging Face ONNX layout
npm run bench:quality -- --model ~/models/gte-modernbert-base
npm run bench:perf -- --model ~/models/gte-modernbert-base
# any set in the same format (see below), or fewer modes
npm run bench:quality -- --set ../shared/bench/cosqa-dev --modes lexical
\`\`\`

Both benches rebuild \`dist/\` first, work under \`.artifacts/bench/\` (ignored by git), print their numbers and
rewrite their section of \`BENCHMARKS.json\`, from which this file is generated (\`bench/report/\`). They never
fail on a time. \`rg\` (ripgrep) is used for the scanning floor when installed (\`apt-get install -y ripgrep\`);
without it that column says so. The quality bench needs the npm registry and Debian's archive once, to
\`npm pack\` rxjs and date-fns and \`apt-get download\` three Debian packages (run \`apt-get update\` first;
each file is checked against its pinned hash); later runs use the cached files.
`;

const QUALITY_METHOD = `### Method

- **Through the real CLI.** Each set's corpus is written as files, indexed once with \`codeloupe index DIR
  --index-dir … --model … --json\`, and all queries are answered by one \`codeloupe search DIR --queries
  FILE.jsonl --json -k 10 --mode M\` process per mode. Scores use only the CLI's JSON output.
- **Metrics.** MRR@10 (reciprocal rank of the first correct result, 0 past rank 10), Recall@1 and Recall@10
  (share of queries with a correct result in the top 1 / 10), over all queries of the set. Results are
  scored as the CLI returns them. "× BM25" is MRR@10 over the baseline's. "Ranked above the target" counts,
  over all queries, the results ranked above the first correct one (all ten when none is correct) by kind;
  \`file (target's)\` is the file unit of the target's own file.
- **Baseline, same run.** Plain Okapi BM25 (k1 1.2, b 0.75, Lucene IDF) over identifier-split, lower-cased
  tokens: no stemming, no stop words, no fields or weights; implemented in \`bench/lib/bm25Baseline.ts\`,
  sharing nothing with the engine. On CoSQA it ranks the corpus documents; on the doc-comment sets, whose
  targets are line ranges, it ranks the chunks codeloupe indexed (read from the index's store), so the
  comparison isolates the ranking; a second row there ranks only the named units (functions, methods,
  classes: no file units, no blocks), the stronger baseline on data-heavy repositories.
- **CoSQA dev** (\`../shared/bench/cosqa-dev\`): 500 real Bing queries, 6,267 Python functions, one gold
  function each, written as \`<_id>.py\`; a result is correct when its file is the gold file. The set's README
  gives the baseline's reference point (MRR@10 0.319, R@1 0.234, R@10 0.520); ours lands at the
  numbers in the table, which checks the baseline. Nothing in the ranker was tuned on it.
- **Doc-comment sets** (\`bench/docset/\`, sources in \`bench/docset/sources.ts\`), five real packages of
  different shapes, each pinned by hash: \`rxjs@7.8.2\` (npm, \`src/\`, TypeScript operators and classes),
  \`date-fns@4.1.0\` (npm, the ES-module \`.js\` build without \`fp/\` and the \`cdn*.js\` bundles: ~830 files,
  most of them locale tables of object literals), \`boltons 21.0.0\` (Debian \`python3-boltons\`, a Python
  utility package), \`cobra 1.6.1\` (Debian \`golang-github-spf13-cobra-dev\`, a Go source tree) and
  \`itertools 0.10.3\` (Debian \`librust-itertools-dev\`, a Rust crate). A parser finds each documented
  function and its doc: the TypeScript compiler's for JavaScript/TypeScript (declarations and methods with a
  body, function or arrow values bound to a variable, class property or object property; the description,
  else the \`@description\` or \`@summary\` tag), tree-sitter for Python (docstrings), Go (the comment above a
  function; a first word that is the function's own name is dropped) and Rust (\`///\` docs). The query is
  the first sentence (links, markup and reST roles reduced to their text; three words at least); identical
  sentences share one query with several targets. Every doc comment is removed from the indexed copy
  (JSDoc blocks, docstrings, Go comments outside function bodies, Rust doc comments), so a query can never
  match its own words. A result is correct when it is in the target's file and overlaps its lines; file
  units and classes that hold the target within a larger range never count (they would "find" every
  function or method inside them).
- \`--set DIR\` accepts any folder in either layout: \`corpus.jsonl\` + \`queries.jsonl\` + \`qrels.tsv\`
  (BEIR/CoSQA), or \`files/\` + \`queries.jsonl\` + \`qrels.jsonl\` (\`{query_id, file, startLine, endLine}\`).
- Per-query ranks of every ranker are written to \`.artifacts/bench/quality/<set>/ranks.jsonl\` to study
  where a mode loses.
`;

const PERF_METHOD = `### Method

- **Corpora.** A real package as installed from the npm registry by \`npm ci\` (the lockfile pins it):
  by default ESLint's \`lib/\` (about 400 CommonJS files, 2.8 MB). \`--real typescript\` indexes the TypeScript
  compiler's published \`lib/\` instead (\`typescript.js\` 9 MB, \`_tsc.js\` 6 MB, the lib.*.d.ts files: about
  55,000 chunks, with \`--max-file-bytes 16777216\` since the default limit is 1 MB); a first attempt here had
  embedded only 12,000 of them after ten minutes on the loaded 2-core machine, so it is not the default.
  Plus a deterministic synthetic repository (\`bench/perf/synthetic.ts\`: TypeScript, Python and Go files in
  turn, 4 to 10 functions each, a class in every third file) of \`--base-files\` files (default 100) at 1x, 4x
  and 16x; the base is small so that the whole perf bench stays near ten minutes on 2 cores with the test
  model.
- **Full index**: one \`codeloupe index --json\` run on an empty index directory; stage timings are the
  report's own (\`scanMs\`, \`readMs\`, \`chunkMs\` = tree-sitter parse and unit building, \`embedMs\`,
  \`storeMs\`); files/s and chunks/s divide by \`totalMs\`.
- **Re-index**: the median-sized source file is touched (mtime only), indexed again; then a small function
  is appended to it and indexed again. "embedded" is the report's count of texts sent to the model: it must
  not exceed that one file's chunks.
- **Query latency**: 200 queries (the words of function names found in the index for the real package,
  three-word vocabulary phrases for the synthetic repo, which match a large share of its chunks), each timed separately in one warm process through the engine facade
  (\`CodeIndex.search\`, the call \`codeloupe search\` makes per query; hybrid includes embedding the query in the
  worker process), after 5 warm-up queries; p50 and p95 by nearest rank.
- **HNSW vs exact**: the index's own HNSW file (the project's \`VectorIndex\`) against brute-force inner
  product over the same vectors read from the store; 200 queries, each the normalised midpoint of two stored
  vectors; recall@10 = share of the exact top 10 found.
- **Memory**: peak RSS (\`VmHWM\` from \`/proc\`, sampled every 100 ms) of the CLI process and of its embedding
  worker during the full index. **Disk**: all files of the index directory after the full index.
- **Floors, same run**: \`rg --files\` and reading every listed file (the floor for scan + read);
  web-tree-sitter parsing every file that has a grammar, nothing else, on one thread (the floor for chunking);
  exact vector search (above). **Chunk threads**: a run of 32 files or more is chunked on worker threads (one
  per core but one, at most 4) while the main thread reads and stores, so "codeloupe chunk ms" adds up the
  threads' time and the stage times overlap; "lexical index ms" is the wall time from the start of the run
  to a complete keyword index. The last column is the same full index with \`CODELOUPE_CHUNK_THREADS=0\`
  (everything on the calling thread), run right after it.
`;

/** BENCHMARKS.md, generated from BENCHMARKS.json, with the hand-written findings (bench/report/notes.md) after the numbers. */
export function renderBenchmarks(file: BenchmarksFile, notes?: string): string {
  const parts = [
    '# Benchmarks',
    '',
    '<!-- Generated by bench/report/renderBenchmarks.ts from BENCHMARKS.json and bench/report/*.md: edit those, not this file. -->',
    '',
    'Every number here is reproducible with one command, and every claim is measured beside a baseline in the',
    'same run. **With the test model (`test/fixtures/model`, random weights) the semantic and hybrid numbers mean',
    'nothing about quality**: they only show the path runs. Run the benches with `--model DIR` for real numbers.',
    '',
    '## Machines',
    '',
    ...(file.quality ? [machine('quality', file.quality.machine)] : []),
    ...(file.perf ? [machine('perf', file.perf.machine)] : []),
    ...(file.coverage ? [machine('coverage', file.coverage.machine)] : []),
    ...(file.save ? [machine('save', file.save.machine)] : []),
    ...(file.scale ? [machine('scale', file.scale.machine)] : []),
    '',
    HOW_TO_RUN,
  ];
  if (file.quality) parts.push(qualitySection(file.quality), QUALITY_METHOD);
  if (file.perf) parts.push(perfSection(file.perf), PERF_METHOD);
  if (file.coverage) parts.push(coverageSection(file.coverage));
  if (file.save) parts.push(saveSection(file.save));
  if (file.scale) parts.push(scaleSection(file.scale));
  if (notes) parts.push(notes.trimEnd(), '');
  return parts.join('\n');
}
