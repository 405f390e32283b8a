import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * English words, to tell a misspelt query word from a real one the index does not hold: the `word-list`
 * package's 274,000 lower-case words (one per line). Read on first use and kept as one sorted array looked
 * up by bisection: about 10 MB and 30 ms once, where a Set would take twice the memory and five times as long.
 */
export interface EnglishWords {
  has(word: string): boolean;
}

let loaded: { words: EnglishWords | undefined } | undefined;

/** The shared list, undefined when it cannot be read (a broken install): then no query word is corrected. */
export function englishWords(): EnglishWords | undefined {
  if (loaded === undefined) {
    const path = wordListPath();
    loaded = { words: path === undefined ? undefined : loadEnglishWords(path) };
  }
  return loaded.words;
}

/** The `word-list` package's words.txt, beside its entry (which, ESM only, just exports that path); undefined when it is not installed. */
function wordListPath(): string | undefined {
  try {
    return join(dirname(require.resolve('word-list')), 'words.txt');
  } catch {
    return undefined;
  }
}

/** The list in `path`, or undefined when it cannot be read or holds no words. */
export function loadEnglishWords(path: string): EnglishWords | undefined {
  let words: string[];
  try {
    words = readFileSync(path, 'utf8').split('\n').filter((w) => w !== '');
  } catch {
    return undefined;
  }
  if (words.length === 0) return undefined;
  // The file is sorted but for a few words; sorting it again is nearly free.
  words.sort();
  return {
    has: (word) => {
      let lo = 0;
      let hi = words.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (words[mid] < word) lo = mid + 1;
        else hi = mid;
      }
      return words[lo] === word;
    },
  };
}
