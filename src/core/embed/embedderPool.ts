import type { WorkerEmbedder } from './workerEmbedder';

/** A shared embedder, held until released. */
export interface EmbedderLease {
  readonly embedder: WorkerEmbedder;
  release(): Promise<void>;
}

interface Entry {
  start: Promise<WorkerEmbedder>;
  refs: number;
}

/**
 * Shares one embedding worker among the indexes that use the same model on the same device (the folders
 * of a multi-root workspace), so the model is loaded once. The worker stops when the last lease is
 * released. A start that fails is forgotten, so the next acquire tries again.
 */
export class EmbedderPool {
  private readonly entries = new Map<string, Entry>();

  async acquire(key: string, start: () => Promise<WorkerEmbedder>): Promise<EmbedderLease> {
    let entry = this.entries.get(key);
    if (!entry) {
      const created: Entry = { start: start(), refs: 0 };
      created.start.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
      this.entries.set(key, created);
      entry = created;
    }
    entry.refs++;
    const held = entry;
    let embedder: WorkerEmbedder;
    try {
      embedder = await held.start;
    } catch (err) {
      held.refs--;
      throw err;
    }
    let released = false;
    return {
      embedder,
      release: async () => {
        if (released) return;
        released = true;
        if (--held.refs > 0) return;
        if (this.entries.get(key) === held) this.entries.delete(key);
        await embedder.dispose();
      },
    };
  }

  /** How many distinct embedders are running or starting. */
  get size(): number {
    return this.entries.size;
  }
}
