import type { EnglishWords } from './englishWords';

/**
 * Misspelt query words, mended from the index's own vocabulary. People type queries fast (`dictinary`,
 * `obejct`, `stirng`); such a word matches nothing, so the query loses its most specific word. A query
 * word that the index does not hold and that is no English word either is replaced by the word one edit
 * away (a letter deleted, two neighbours swapped, a letter replaced or inserted: Damerau's single errors)
 * that the most indexed units hold. A real English word the index lacks (`nested`, `remote`) stays as it
 * is: "correcting" it to an indexed neighbour (`nexted`, `remove`) changes what was asked.
 *
 * Measured on the six retrieval sets (bench/report/notes.md): CoSQA's web queries gain, the five
 * doc-comment sets are unchanged or better.
 */

export interface SpellingCorrection {
  /** The word as typed (after identifier splitting and lower-casing, as every query word is). */
  from: string;
  to: string;
}

/** Shorter words have too many neighbours one edit away to tell which was meant. */
export const MIN_CORRECTED_LENGTH = 5;

/** Longer words are identifiers or run-together text, not typos of one word. */
const MAX_CORRECTED_LENGTH = 24;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export interface SpellingSources {
  /** Units holding each stem (the index's document frequencies). */
  documentFrequency: (stems: readonly string[]) => Map<string, number>;
  stem: (word: string) => string;
  english: EnglishWords;
}

/** `terms` with each misspelt word replaced (duplicates dropped), and what was replaced. */
export function correctSpelling(terms: readonly string[], sources: SpellingSources): { terms: string[]; corrections: SpellingCorrection[] } {
  const suspects = terms.filter((t) => t.length >= MIN_CORRECTED_LENGTH && t.length <= MAX_CORRECTED_LENGTH && /^[a-z]+$/.test(t));
  if (suspects.length === 0) return { terms: [...terms], corrections: [] };
  const held = sources.documentFrequency(suspects.map(sources.stem));
  const corrections: SpellingCorrection[] = [];
  for (const word of suspects) {
    if ((held.get(sources.stem(word)) ?? 0) > 0 || sources.english.has(word)) continue;
    const candidates = singleEdits(word);
    const frequency = sources.documentFrequency([...new Set(candidates.map(sources.stem))]);
    let best: string | undefined;
    let bestCount = 0;
    for (const candidate of candidates) {
      const count = frequency.get(sources.stem(candidate)) ?? 0;
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    if (best !== undefined) corrections.push({ from: word, to: best });
  }
  if (corrections.length === 0) return { terms: [...terms], corrections };
  const replaced = new Map(corrections.map((c) => [c.from, c.to]));
  return { terms: [...new Set(terms.map((t) => replaced.get(t) ?? t))], corrections };
}

/** Every word one deletion, transposition, replacement or insertion away, in a fixed order. */
export function singleEdits(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= word.length; i++) {
    const left = word.slice(0, i);
    const right = word.slice(i);
    if (right.length > 0) out.push(left + right.slice(1));
    if (right.length > 1) out.push(left + right[1] + right[0] + right.slice(2));
    for (const c of LETTERS) {
      if (right.length > 0 && c !== right[0]) out.push(left + c + right.slice(1));
      out.push(left + c + right);
    }
  }
  return out;
}

/** What was searched instead of what was typed, in words every client shows as they are. */
export function correctionNote(corrected: readonly SpellingCorrection[]): string {
  return `searched for ${corrected.map((c) => `"${c.to}" (typed "${c.from}")`).join(', ')}: no indexed unit holds the typed word.`;
}

/** The corrections of several folders' answers, each once. */
export function mergeCorrections(lists: readonly (readonly SpellingCorrection[] | undefined)[]): SpellingCorrection[] {
  const seen = new Map<string, SpellingCorrection>();
  for (const list of lists) for (const c of list ?? []) seen.set(`${c.from}>${c.to}`, c);
  return [...seen.values()];
}
