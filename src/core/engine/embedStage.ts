import { throwIfCancelled, type CancellationToken } from '../cancellation';
import type { IndexStore } from '../store/store';
import type { VectorIndex } from '../store/vectorIndex';
import type { IndexReport } from './indexReport';
import type { IndexProgress, TextEmbedder } from './ports';

export interface EmbedStageInput {
  store: IndexStore;
  vectors: VectorIndex;
  embedder: TextEmbedder;
  report: IndexReport;
  token: CancellationToken;
  onProgress: (p: IndexProgress) => void;
  /** Called after each group is stored, so the caller can checkpoint the vector index. */
  onCheckpoint: () => void;
}

/** Texts per round trip to the worker: vectors are stored (and survive a crash) after each group. */
const TEXTS_PER_GROUP = 256;
/** Checkpoint the HNSW file after this many new vectors, so an interrupted run resumes cheaply. */
const CHECKPOINT_EVERY = 4096;

/**
 * Embeds every distinct chunk text that has no vector yet. Each group's vectors are committed to the
 * store before the next group starts, so cancelling or crashing loses at most one group of work.
 */
export async function runEmbedStage(input: EmbedStageInput): Promise<void> {
  const { store, vectors, embedder, report, token } = input;
  const pending = store.textsWithoutVectors();
  const total = pending.length;
  let done = 0;
  let sinceCheckpoint = 0;
  input.onProgress({ phase: 'embed', done, total });
  for (let start = 0; start < total; start += TEXTS_PER_GROUP) {
    throwIfCancelled(token);
    const group = pending.slice(start, start + TEXTS_PER_GROUP);
    const t0 = performance.now();
    const result = await embedder.embed(
      group.map((g) => g.text),
      'document',
      token,
      (groupDone) => input.onProgress({ phase: 'embed', done: done + groupDone, total }),
    );
    report.timings.embedMs += performance.now() - t0;
    report.timings.tokenizeMs += result.timings?.tokenizeMs ?? 0;
    report.timings.inferMs += result.timings?.inferMs ?? 0;
    const ok: { contentHash: string; vector: Float32Array }[] = [];
    result.vectors.forEach((vector, i) => {
      if (vector) ok.push({ contentHash: group[i]!.contentHash, vector });
    });
    for (const failure of result.failures) {
      const chunk = store.chunkOfText(group[failure.index]!.contentHash);
      report.vectors.failures.push({
        file: chunk?.file ?? '?',
        line: chunk?.startLine ?? 0,
        name: chunk?.name ?? '?',
        message: failure.error.message,
      });
    }
    report.vectors.failed += result.failures.length;
    const t1 = performance.now();
    const ids = store.putVectors(ok);
    ids.forEach((id, i) => vectors.add(id, ok[i]!.vector));
    report.timings.storeMs += performance.now() - t1;
    report.vectors.embedded += ok.length;
    done += group.length;
    sinceCheckpoint += ok.length;
    if (sinceCheckpoint >= CHECKPOINT_EVERY) {
      input.onCheckpoint();
      sinceCheckpoint = 0;
    }
    input.onProgress({ phase: 'embed', done, total });
  }
}
