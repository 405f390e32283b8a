/** Documentation is kept to this many characters: enough to rank by, never a whole license. */
export const MAX_DOC_CHARS = 2000;

/** Comment markers at the start of a line: `/**`, `/*`, `*`, `///`, `//!`, `//`, `#`, `<#`, `--`. */
const LEADING_MARKER = /^\s*(?:\/\*+!?|\*+(?!\/)|\/\/[/!]?|#+|<#|--)\s?/;
const TRAILING_MARKER = /\s*(?:\*+\/|#>)\s*$/;
/** A docstring's opening: optional prefixes then triple or single quotes. */
const DOCSTRING_OPEN = /^[rRuUbBfF]{0,2}("""|'''|"|')/;

function tidy(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end).join('\n').slice(0, MAX_DOC_CHARS);
}

/** The words of a comment without its markers: `/** Foo. *\/` → `Foo.` */
export function commentText(raw: string): string {
  return tidy(raw.split('\n').map((l) => l.replace(LEADING_MARKER, '').replace(TRAILING_MARKER, '').trimEnd()));
}

/** The words of a docstring without its quotes and common indentation. */
export function docstringText(raw: string): string {
  const open = DOCSTRING_OPEN.exec(raw);
  let body = raw;
  if (open !== null) {
    const quote = open[1];
    body = raw.slice(open[0].length);
    if (body.endsWith(quote)) body = body.slice(0, -quote.length);
  }
  const lines = body.split('\n').map((l) => l.trimEnd());
  const indents = lines.slice(1).filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const common = indents.length > 0 ? indents.reduce((a, b) => Math.min(a, b)) : 0;
  return tidy(lines.map((l, i) => (i === 0 ? l.trim() : l.slice(common))));
}
