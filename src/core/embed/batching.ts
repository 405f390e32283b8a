/** Packs inputs of different token lengths into padded batches that fit a token budget. Pure. */

export interface Batch {
  /** Positions of the batch's inputs in the array given to `packBatches`, longest first. */
  indices: number[];
  /** Every input of the batch is padded to this length. */
  paddedLength: number;
}

export interface BatchLimits {
  /** Upper bound for paddedLength × batch size; an input longer than this gets a batch of its own. */
  maxTokens: number;
  maxBatchSize: number;
}

/**
 * Sorts inputs by length (longest first, so padding is small and the largest batch comes early) and fills
 * each batch while paddedLength × size stays within the budget. Callers restore order with `indices`.
 */
export function packBatches(lengths: readonly number[], limits: BatchLimits): Batch[] {
  const maxBatchSize = Math.max(1, Math.floor(limits.maxBatchSize));
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: Batch[] = [];
  let current: Batch | undefined;
  for (const index of order) {
    const length = lengths[index];
    const fits = current !== undefined && current.indices.length < maxBatchSize && current.paddedLength * (current.indices.length + 1) <= limits.maxTokens;
    if (current !== undefined && fits) {
      current.indices.push(index);
    } else {
      current = { indices: [index], paddedLength: length };
      batches.push(current);
    }
  }
  return batches;
}
