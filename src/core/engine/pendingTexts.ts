import type { PriorityFiles } from './priorityHints';

/** A distinct chunk text that needs a vector. */
export interface PendingText {
  contentHash: string;
  text: string;
}

/** What the queue reads from the store: pages of one file at a time, never the whole backlog. */
export interface PendingTextSource {
  pendingTextsOfFile(file: string): PendingText[];
  /** Every file, most recently modified first. */
  filesByRecency(): string[];
}

export interface TakeLimits {
  texts: number;
  /** Characters in all: keeps a group of long texts from holding the worker for long. */
  chars: number;
}

/**
 * The texts still needing a vector, in the order they should be embedded: the priority files first
 * (saved, open, recent), then every other file, most recently modified first. Reads the store one file at
 * a time, so memory holds one group, not the backlog. A text handed out is not handed out again by this
 * queue (it is in flight, then stored, or it failed and waits for the next run).
 */
export class PendingTextQueue {
  private rest: string[] | undefined;
  private cursor = 0;
  private readonly taken = new Set<string>();

  constructor(
    private readonly source: PendingTextSource,
    private readonly priority: PriorityFiles,
  ) {}

  /** The next group to embed; empty when nothing is left. */
  take(limits: TakeLimits): PendingText[] {
    const group: PendingText[] = [];
    let chars = 0;
    /** Adds what `file` still needs; false when the group filled up before the file was done. */
    const fill = (file: string): boolean => {
      let rows = this.source.pendingTextsOfFile(file);
      if (rows.length === 0) this.priority.settle(file);
      rows = rows.filter((r) => !this.taken.has(r.contentHash));
      for (const row of rows) {
        if (group.length >= limits.texts || (group.length > 0 && chars + row.text.length > limits.chars)) return false;
        group.push(row);
        chars += row.text.length;
        this.taken.add(row.contentHash);
      }
      return true;
    };
    for (const file of this.priority.ordered()) if (!fill(file)) return group;
    // One more pass over the files before the cursor when the end is reached: runs since the list was
    // read may have added texts to them.
    for (let pass = this.cursor === 0 ? 1 : 0; pass < 2; pass++) {
      this.rest ??= this.source.filesByRecency();
      while (this.cursor < this.rest.length) {
        if (!fill(this.rest[this.cursor]!)) return group;
        this.cursor++;
      }
      if (group.length > 0) return group;
      this.rest = undefined;
      this.cursor = 0;
    }
    return group;
  }
}
