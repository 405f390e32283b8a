/**
 * Which files' texts are embedded first: what the user looks at. Saved (re-indexed) files jump the queue,
 * then the files open in editors, then recently edited or opened files, in the order the editor gives
 * them; everything else follows (most recently modified first, decided by the pending-text queue).
 */

/** What the editor tells the engine: paths relative to the indexed folder, '/'-separated, most important first. */
export interface PriorityHints {
  /** Files open in editors, the active one first. */
  open?: readonly string[];
  /** Recently edited or opened files, most recent first. */
  recent?: readonly string[];
}

/** Files kept per list: far more than anyone has open, few enough to query each before every group. */
export const MAX_HINTED_FILES = 500;

export class PriorityFiles {
  private open: readonly string[] = [];
  private recent: readonly string[] = [];
  /** Files re-indexed by a run with paths (a save), most recent last. */
  private readonly boosted = new Set<string>();

  /** Replaces the editor's hints (the boost of saved files stays). */
  setHints(hints: PriorityHints): void {
    if (hints.open !== undefined) this.open = hints.open.slice(0, MAX_HINTED_FILES);
    if (hints.recent !== undefined) this.recent = hints.recent.slice(0, MAX_HINTED_FILES);
  }

  /** A saved file's texts go before everything else until they are embedded. */
  boost(paths: Iterable<string>): void {
    for (const path of paths) {
      this.boosted.delete(path);
      this.boosted.add(path);
    }
    while (this.boosted.size > MAX_HINTED_FILES) this.boosted.delete(this.boosted.values().next().value!);
  }

  /** A boosted file with nothing left to embed stops being boosted. */
  settle(path: string): void {
    this.boosted.delete(path);
  }

  /** Files to embed first, in order, each once: boosted (latest save first), open, recent. */
  ordered(): string[] {
    const out = new Set<string>([...this.boosted].reverse());
    for (const path of this.open) out.add(path);
    for (const path of this.recent) out.add(path);
    return [...out];
  }
}
