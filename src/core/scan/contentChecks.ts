/** Checks on a file's bytes and text that decide whether it is worth indexing. */

/** Like git and grep: a NUL byte near the start means binary. */
export const BINARY_SNIFF_BYTES = 8192;

export function hasNulByte(bytes: Uint8Array, limit = BINARY_SNIFF_BYTES): boolean {
  return bytes.subarray(0, limit).includes(0);
}

/** Shorter texts are never called minified: too small to matter, too small to judge. */
export const MINIFIED_MIN_CHARS = 4096;
/** A line longer than this is "long"; hand-written code and prose rarely get there. */
export const LONG_LINE_CHARS = 1000;
/** Minified when long lines hold more than this share of all characters. */
export const LONG_LINE_SHARE = 0.5;

/**
 * Says why a text looks minified (or machine-generated on a few giant lines), or undefined when it
 * does not: at least {@link MINIFIED_MIN_CHARS} characters, and more than half of them in lines over
 * {@link LONG_LINE_CHARS} characters. This catches bundles that keep a license header or a few short
 * lines, while a large source file with one long embedded string, or prose with long paragraphs, is
 * kept. (An average-line-length rule would drop markdown written one paragraph per line.)
 */
export function minifiedDetail(text: string): string | undefined {
  if (text.length < MINIFIED_MIN_CHARS) return undefined;
  let longChars = 0;
  let longest = 0;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const length = end - start;
    if (length > LONG_LINE_CHARS) longChars += length;
    if (length > longest) longest = length;
    start = end + 1;
  }
  if (longChars <= text.length * LONG_LINE_SHARE) return undefined;
  const share = Math.round((100 * longChars) / text.length);
  return `${share}% of the text is in lines over ${LONG_LINE_CHARS} characters (longest: ${longest})`;
}
