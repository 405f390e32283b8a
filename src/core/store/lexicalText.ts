/**
 * Code-aware text for the lexical index. SQLite FTS5 (with its porter stemmer) ranks with BM25; what it
 * cannot know is that `retryFailedUpload`, `retry_failed_upload` and `src/upload/retry.ts` all contain the
 * words "retry", "failed" and "upload". This module splits identifiers and paths into words and keeps the
 * whole identifier too, so that both an exact identifier and its words match.
 */

import { stemmer } from 'stemmer';

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*|[0-9]+/g;

/** Splits one identifier into lower-case words: camelCase, PascalCase, snake_case, kebab, digits. */
export function splitIdentifier(identifier: string): string[] {
  const words = identifier
    .replace(/[_$]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return words;
}

/** An identifier's tokens: its words, then the whole identifier when it is compound (and not too long). */
function identifierTokens(identifier: string): string {
  const words = splitIdentifier(identifier);
  const whole = identifier.toLowerCase().replace(/[$]/g, '');
  if (words.length > 1 && whole.length <= 64) words.push(whole.replace(/_/g, ''));
  return words.join(' ');
}

/** Code repeats its identifiers endlessly: each distinct one is split once (bounded, then started over). */
const MAX_CACHED_IDENTIFIERS = 100_000;
const identifierCache = new Map<string, string>();

function cachedIdentifierTokens(identifier: string): string {
  let tokens = identifierCache.get(identifier);
  if (tokens === undefined) {
    tokens = identifierTokens(identifier);
    if (identifierCache.size >= MAX_CACHED_IDENTIFIERS) identifierCache.clear();
    identifierCache.set(identifier, tokens);
  }
  return tokens;
}

/**
 * Turns code or prose into the token stream stored in (and queried against) the FTS index: every
 * identifier's words, followed by the identifier itself when it is compound.
 */
export function codeTokens(text: string): string[] {
  const field = lexicalField(text);
  return field === '' ? [] : field.split(' ');
}

/** The text form stored in an FTS column: codeTokens joined by spaces. */
export function lexicalField(text: string): string {
  const identifiers = text.match(IDENTIFIER);
  if (identifiers === null) return '';
  let out = '';
  for (const identifier of identifiers) {
    const tokens = cachedIdentifierTokens(identifier);
    if (tokens === '') continue;
    out = out === '' ? tokens : `${out} ${tokens}`;
  }
  return out;
}

/**
 * Query words with duplicates removed, in order. Natural-language queries lose their function words and
 * question phrasing ("how do I", "is there a way to") and the name of the programming language ("python
 * check if a variable is iterable": code rarely names its own language). A query made only of such words
 * keeps them all.
 */
export function queryTerms(query: string): string[] {
  const tokens = codeTokens(query.replace(LANGUAGE_VERSION, '$1'));
  const content = tokens.filter((t) => !STOP_WORDS.has(t) && !LANGUAGE_NAMES.has(t));
  return [...new Set(content.length > 0 ? content : tokens)];
}

/**
 * A word as the lexical index stores it: Porter-stemmed, as FTS5's `porter` tokenizer does (the same
 * algorithm; the bench's six corpora, 43,000 distinct words, stem identically). Used where ranking reads
 * the stored fields itself (bm25f.ts). Stems are cached: a query's candidates repeat most words.
 */
export function stemWord(word: string): string {
  let stem = STEMS.get(word);
  if (stem === undefined) {
    if (STEMS.size >= MAX_CACHED_STEMS) STEMS.clear();
    stem = stemmer(word);
    STEMS.set(word, stem);
  }
  return stem;
}

const STEMS = new Map<string, string>();
const MAX_CACHED_STEMS = 100_000;

/** An FTS5 MATCH expression that ORs the query's terms; BM25 ranks documents that match more of them higher. */
export function ftsMatchExpression(terms: readonly string[]): string | undefined {
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
}

// Function words of English queries ("where do we retry failed uploads"): they match everything in code
// comments and carry no signal for BM25. Words that name things in code stay ("all", "each", "first",
// "not", "new", "get", "set", "is"-less names like `is_iterable` keep their other words).
const STOP_WORDS = new Set(
  (
    'a about also am an and are as at be been being but by can could did do does doing for from had has have having he her ' +
    'here his how i if in into is it its itself just me my of on or our so some such than that the their them then there ' +
    'these they this those to too us using very via was way we were what when where which while who whom why will with ' +
    'would you your'
  ).split(' '),
);

/** Programming languages as people name them in queries ("... in python", "golang read file"). */
const LANGUAGE_NAMES = new Set('python python2 python3 py javascript js typescript ts java golang rust ruby php csharp cpp kotlin swift'.split(' '));

/**
 * A version after a language's name ("python 3", "python3", "py2.7", "java 8") qualifies the name: it goes
 * with it rather than becoming a query word that matches every `3` in the code. "2to3" is a tool's name and stays.
 */
const LANGUAGE_VERSION = new RegExp(`\\b(${[...LANGUAGE_NAMES].filter((n) => !/[0-9]/.test(n)).join('|')}) ?[0-9]+(?:\\.[0-9]+)*\\b`, 'gi');
