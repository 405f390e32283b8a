import type { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { type CancellationToken, throwIfCancelled } from '../cancellation';
import { errorMessage } from '../errors';

/**
 * A tree in which more than this share of the text's non-blank characters are tokens that tree-sitter could
 * not fit anywhere is not trusted: the file is chunked by lines instead. Below it, the parts that did parse
 * give units (the walker looks inside ERROR nodes) and block windows cover the rest.
 */
export const MAX_ERROR_SHARE = 0.25;

export type ParseResult = { ok: true; tree: Tree } | { ok: false; reason: string };

/**
 * Characters of the stray tokens in ERROR nodes: their leaf children that are not comments. An ERROR node
 * often wraps well-formed code (an unbalanced `#if` wraps a whole header); that code is not counted.
 */
function strayChars(root: Node): number {
  let total = 0;
  for (const e of root.descendantsOfType('ERROR')) {
    for (const c of e.children) {
      if (c.childCount === 0 && !c.isExtra) total += c.endIndex - c.startIndex;
    }
  }
  return total;
}

/**
 * Parses `text`, giving up after `timeoutMs` or when `token` is cancelled (then it throws CancelledError).
 * Returns why it failed rather than throwing: a file that does not parse is chunked by lines.
 */
export function parseSource(parser: Parser, language: Language, text: string, options: { timeoutMs: number; token?: CancellationToken }): ParseResult {
  const deadline = Date.now() + options.timeoutMs;
  const token = options.token;
  let tree: Tree | null;
  try {
    parser.setLanguage(language);
    tree = parser.parse(text, null, { progressCallback: () => token?.isCancellationRequested === true || Date.now() > deadline });
  } catch (err) {
    parser.reset();
    return { ok: false, reason: `tree-sitter failed: ${errorMessage(err)}` };
  }
  if (tree === null) {
    parser.reset();
    throwIfCancelled(token);
    return { ok: false, reason: `parsing took longer than ${options.timeoutMs} ms` };
  }
  const root = tree.rootNode;
  if (root.hasError) {
    const share = strayChars(root) / Math.max(1, text.replace(/\s+/g, '').length);
    if (share > MAX_ERROR_SHARE) {
      tree.delete();
      return { ok: false, reason: `${Math.round(share * 100)}% of the text is syntax errors` };
    }
  }
  return { ok: true, tree };
}
