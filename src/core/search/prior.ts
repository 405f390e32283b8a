import { chunkCode, type StoredChunk } from '../store/storedTypes';

/**
 * How much a unit's kind and content say it is an answer, before the query is looked at: a multiplier of
 * its score. Named units (functions, methods, classes, files) are what people search for; a block is text
 * between them with no name; and text that is mostly string and number literals (locale tables, fixtures,
 * generated data) matches natural-language words without being code that does something. Length is left
 * to BM25's own normalisation and the window budget: length priors measured on the bench's sets did not
 * help (BENCHMARKS.md, findings).
 */
export const BLOCK_PRIOR = 0.5;
/** Text whose words are mostly in literals is data; at a literal share of 1 the score keeps DATA_PRIOR. */
export const DATA_SHARE = 0.5;
export const DATA_PRIOR = 0.5;

const LITERAL_OR_WORD = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|\b\d[\d_.]*(?:e[+-]?\d+)?\b|[A-Za-z_$][\w$]*/g;
const WORD = /[A-Za-z]+|\d+/g;

/** Share of a text's words that sit inside string or number literals (0 for code without literals). */
export function literalShare(code: string): number {
  let literal = 0;
  let total = 0;
  for (const m of code.matchAll(LITERAL_OR_WORD)) {
    const token = m[0];
    const first = token.charCodeAt(0);
    const quoted = first === 34 || first === 39 || first === 96;
    const isNumber = first >= 48 && first <= 57;
    const words = quoted ? (token.match(WORD)?.length ?? 0) : 1;
    total += words;
    if (quoted || isNumber) literal += words;
  }
  return total === 0 ? 0 : literal / total;
}

export function unitPrior(chunk: StoredChunk): number {
  const kind = chunk.kind === 'block' ? BLOCK_PRIOR : 1;
  if (chunk.kind === 'file') return kind;
  const share = literalShare(chunkCode(chunk));
  const data = share <= DATA_SHARE ? 0 : (share - DATA_SHARE) / (1 - DATA_SHARE);
  return kind * (1 - (1 - DATA_PRIOR) * data);
}
