/**
 * Code-aware text for the lexical index. SQLite FTS5 (with its porter stemmer) ranks with BM25; what it
 * cannot know is that `retryFailedUpload`, `retry_failed_upload` and `src/upload/retry.ts` all contain the
 * words "retry", "failed" and "upload". This module splits identifiers and paths into words and keeps the
 * whole identifier too, so that both an exact identifier and its words match.
 */

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

/**
 * Turns code or prose into the token stream stored in (and queried against) the FTS index: every
 * identifier's words, followed by the identifier itself when it is compound.
 */
export function codeTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(IDENTIFIER)) {
    const identifier = match[0];
    const words = splitIdentifier(identifier);
    out.push(...words);
    const whole = identifier.toLowerCase().replace(/[$]/g, '');
    if (words.length > 1 && whole.length <= 64) out.push(whole.replace(/_/g, ''));
  }
  return out;
}

/** The text form stored in an FTS column. */
export function lexicalField(text: string): string {
  return codeTokens(text).join(' ');
}

/** Query words with duplicates removed, in order; stop words of natural-language queries dropped. */
export function queryTerms(query: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const token of codeTokens(query)) {
    if (STOP_WORDS.has(token) || seen.has(token)) continue;
    seen.add(token);
    terms.push(token);
  }
  return terms;
}

/** An FTS5 MATCH expression that ORs the query's terms; BM25 ranks documents that match more of them higher. */
export function ftsMatchExpression(terms: readonly string[]): string | undefined {
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
}

// Function words of English queries ("where do we retry failed uploads"): they match everything in code
// comments and carry no signal for BM25.
const STOP_WORDS = new Set(
  'a an and are as at be by do does for from how i in is it of on or the this that to we what when where which who why with you your can'.split(' '),
);
