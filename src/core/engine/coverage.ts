/**
 * How much of an index semantic search covers, and how long the rest should take: the "semantic 34%" and
 * the ETA that `codeloupe status` and the extension show. Pure.
 */

export interface SemanticCoverage {
  /** Distinct chunk texts, and how many have a vector. */
  texts: number;
  embedded: number;
  /** Whole percent, rounded down: 100 only when every text has a vector. */
  percent: number;
  /** Texts still without a vector. */
  left: number;
  /** Texts per second, as last measured by an index run (undefined before any measurement). */
  rate?: number;
  /** Seconds to embed what is left at `rate`; undefined without a rate or when nothing is left. */
  etaSeconds?: number;
}

export function semanticCoverage(counts: { texts: number; embedded: number; embedRate?: number | undefined }): SemanticCoverage {
  const texts = Math.max(0, counts.texts);
  const embedded = Math.min(texts, Math.max(0, counts.embedded));
  const left = texts - embedded;
  const percent = texts === 0 ? 100 : left === 0 ? 100 : Math.min(99, Math.floor((embedded / texts) * 100));
  const rate = counts.embedRate !== undefined && counts.embedRate > 0 && Number.isFinite(counts.embedRate) ? counts.embedRate : undefined;
  const coverage: SemanticCoverage = { texts, embedded, percent, left };
  if (rate !== undefined) coverage.rate = rate;
  if (rate !== undefined && left > 0) coverage.etaSeconds = left / rate;
  return coverage;
}

/** An ETA for people: "under a minute", "about 12 min", "about 2 h 5 min". */
export function formatEta(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}

/** A rate for people: "3.1 texts/s", "120 texts/s". */
export function formatRate(rate: number): string {
  return `${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US')} texts/s`;
}
