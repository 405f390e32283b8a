/**
 * A scripted stand-in for the engine (`FolderEngine`), for testing the server's own logic: index runs take
 * `batches` steps with a yield between each and honour cancellation between batches, like the engine.
 */
import { emptyReport, type IndexReport } from '../../src/core/engine/indexReport';
import type { CancellationToken } from '../../src/core/cancellation';
import type { EmbedPendingReport } from '../../src/core/engine/codeIndex';
import type { PriorityHints } from '../../src/core/engine/priorityHints';
import { CancelledError } from '../../src/core/errors';
import { nullLogger, type Logger } from '../../src/core/logger';
import type { IndexProgress } from '../../src/core/engine/ports';
import type { SearchAnswer, SearchOptions } from '../../src/core/search/searcher';
import type { SearchMode, SearchResult } from '../../src/core/types';
import type { SimilarTarget } from '../../src/core/search/similar';
import type { EngineStatus, FolderEngine, FolderSimilarAnswer, QueryUnit } from '../../src/server/folderEngine';

export interface FakeRun {
  paths: readonly string[] | undefined;
  cancelled: boolean;
  batchesDone: number;
  /** What the server asked: embed within the run, or leave it to the background embedding. */
  embed: boolean | undefined;
}

export class FakeFolderEngine implements FolderEngine {
  readonly runs: FakeRun[] = [];
  closed = false;
  vectors = false;
  /** When set, index runs wait for this promise before each batch after the first. */
  gate: Promise<void> | undefined;

  constructor(
    readonly root: string,
    private readonly batches = 3,
    private readonly logger: Logger = nullLogger,
  ) {}

  async update(options: { token?: CancellationToken; onProgress?: (p: IndexProgress) => void; paths?: readonly string[]; embed?: boolean }): Promise<IndexReport> {
    const run: FakeRun = { paths: options.paths, cancelled: false, batchesDone: 0, embed: options.embed };
    this.runs.push(run);
    const report = emptyReport();
    for (let i = 0; i < this.batches; i++) {
      if (this.gate && i > 0) await this.gate;
      await new Promise((resolve) => setImmediate(resolve));
      if (options.token?.isCancellationRequested) {
        run.cancelled = true;
        report.cancelled = true;
        return report;
      }
      run.batchesDone++;
      options.onProgress?.({ phase: 'embed', done: i + 1, total: this.batches });
    }
    report.files.scanned = options.paths?.length ?? 10;
    this.vectors = true;
    return report;
  }

  readonly hints: PriorityHints[] = [];
  embedCalls = 0;

  /** Texts the next background embedding finds (and embeds, with one progress report). */
  pendingTexts = 0;

  async embedPending(options: { onProgress?: (p: IndexProgress) => void } = {}): Promise<EmbedPendingReport> {
    this.embedCalls++;
    const embedded = this.pendingTexts;
    this.pendingTexts = 0;
    if (embedded > 0) options.onProgress?.({ phase: 'embed', done: embedded, total: embedded });
    return { embedded, failed: 0, failures: [], pending: 0, cancelled: false };
  }

  setPriorityHints(hints: PriorityHints): void {
    this.hints.push(hints);
  }

  async search(query: string, options: SearchOptions & { token?: CancellationToken }): Promise<SearchAnswer> {
    if (query === 'until-cancelled!') {
      await new Promise<void>((resolve) => options.token?.onCancellationRequested(resolve));
      this.logger.info(`search cancelled: ${query}`);
      throw new CancelledError();
    }
    const lexicalOnly = options.mode === 'lexical' ? undefined : this.semanticUnavailable();
    const mode = lexicalOnly === undefined ? options.mode : 'lexical';
    const results = Array.from({ length: Math.min(options.k, 3) }, (_, i) => result(`${query}${i}`, i + 1, 1 - i / 10, mode));
    return lexicalOnly === undefined ? { results } : { results, lexicalOnly };
  }

  async similar(target: SimilarTarget, k: number): Promise<FolderSimilarAnswer> {
    const mode = this.vectors ? 'semantic' : 'lexical';
    const results = Array.from({ length: Math.min(k, 2) }, (_, i) => result(`similar${i}`, 10 + i, 0.9 - i / 10, mode));
    const answer = { results, mode, ...(!this.vectors && { lexicalOnly: 'the index has no vectors yet' }) } as const;
    if ('code' in target) return answer;
    const query: QueryUnit = { file: target.file, startLine: target.line, endLine: target.line + 2, name: 'origin', kind: 'function', text: 'HEADER\nfunction origin() {}', codeOffset: 7 };
    return { query, ...answer };
  }

  status(): EngineStatus {
    return { root: this.root, indexDir: `${this.root}/.index`, files: 10, chunks: 42, texts: 40, embedded: this.vectors ? 40 : 0, model: { id: 'fake', dimension: 4 } };
  }

  semanticUnavailable(): string | undefined {
    return this.vectors ? undefined : 'the index has no vectors yet';
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function result(name: string, line: number, score: number, mode: SearchMode): SearchResult {
  return { file: `src/${name}.ts`, startLine: line, endLine: line + 3, name, kind: 'function', language: 'typescript', score, snippet: `function ${name}() {}`, matchedBy: [mode === 'lexical' ? 'lexical' : 'semantic'] };
}
