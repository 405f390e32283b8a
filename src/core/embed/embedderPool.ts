import { CancellationSource, neverCancelled, type CancellationToken } from '../cancellation';
import { CancelledError } from '../errors';
import type { WorkerEmbedder } from './workerEmbedder';

/** A shared embedder, held until released. */
export interface EmbedderLease {
  readonly embedder: WorkerEmbedder;
  release(): Promise<void>;
}

interface Entry {
  start: Promise<WorkerEmbedder>;
  /** Stops the start when every index waiting for it gave up. */
  cancel: CancellationSource;
  refs: number;
}

/**
 * Shares one embedding worker among the indexes that use the same model on the same device (the folders
 * of a multi-root workspace), so the model is loaded once. The worker stops when the last lease is
 * released. A start that fails is forgotten, so the next acquire tries again; a start that every waiter
 * gave up on (cancelled `token`s: closed indexes) is stopped.
 */
export class EmbedderPool {
  private readonly entries = new Map<string, Entry>();

  async acquire(key: string, start: (token: CancellationToken) => Promise<WorkerEmbedder>, token: CancellationToken = neverCancelled): Promise<EmbedderLease> {
    if (token.isCancellationRequested) throw new CancelledError();
    let entry = this.entries.get(key);
    if (!entry) {
      const cancel = new CancellationSource();
      const created: Entry = { start: start(cancel.token), cancel, refs: 0 };
      created.start.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
      this.entries.set(key, created);
      entry = created;
    }
    entry.refs++;
    const held = entry;
    let embedder: WorkerEmbedder;
    const gaveUp = new Promise<never>((_, reject) => {
      const subscription = token.onCancellationRequested(() => reject(new CancelledError()));
      void held.start.finally(() => subscription.dispose()).catch(() => undefined);
    });
    try {
      embedder = await Promise.race([held.start, gaveUp]);
    } catch (err) {
      if (--held.refs === 0 && token.isCancellationRequested) {
        if (this.entries.get(key) === held) this.entries.delete(key);
        held.cancel.cancel();
        // Wait until the worker is stopped (or, started after all just as the last waiter gave up, disposed).
        await held.start.then((e) => e.dispose(), () => undefined);
      }
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
