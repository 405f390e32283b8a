/**
 * Rewrites one line of an ignore file that lives in directory `base` (relative, '/'-separated, '' for
 * the folder) into a pattern with the same meaning relative to the folder, so that the rules of every
 * directory can share one gitignore matcher and git's precedence and "an ignored directory's contents
 * cannot be re-included" rule apply across all of them:
 *   `foo` / `foo/`  (no inner slash: any depth)   ->  `/base/**\/foo` / `/base/**\/foo/`
 *   `/foo`, `a/foo` (anchored to the file's dir)  ->  `/base/foo`, `/base/a/foo`
 * Negation (`!`) is kept. Returns undefined for blank lines and comments.
 */
export function rebasePattern(rawLine: string, base: string): string | undefined {
  const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
  if (line.startsWith('#')) return undefined;
  const negative = line.startsWith('!');
  // Trailing spaces are not part of a pattern unless escaped with a backslash.
  const body = (negative ? line.slice(1) : line).replace(/(?<!\\) +$/, '');
  if (body === '') return undefined;
  if (base === '') return line;
  const dirOnly = body.endsWith('/');
  const core = body.replace(/\/+$/, '');
  if (core === '') return undefined;
  const anchored = core.includes('/');
  const escapedBase = base.replace(/[\\*?[\]]/g, '\\$&');
  const rebased = anchored ? `/${escapedBase}/${core.replace(/^\//, '')}` : `/${escapedBase}/**/${core}`;
  return `${negative ? '!' : ''}${rebased}${dirOnly ? '/' : ''}`;
}

/** All patterns of one ignore file's text, rebased to the folder. */
export function rebaseIgnoreFile(text: string, base: string): string[] {
  const patterns: string[] = [];
  for (const line of text.split('\n')) {
    const pattern = rebasePattern(line, base);
    if (pattern !== undefined) patterns.push(pattern);
  }
  return patterns;
}
