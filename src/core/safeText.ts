/**
 * Text from an indexed repository (file names, unit names, snippets) is untrusted: printed raw, an escape
 * sequence in it could clear the screen, retitle the window, write the clipboard (OSC 52) or reorder what
 * the reader sees (bidirectional overrides). Every text rendering passes it through here first.
 */

/**
 * C0 controls but tab and newline, DEL, C1 controls (8-bit CSI, OSC...), and the bidirectional
 * embeddings, overrides and isolates (the "Trojan Source" characters).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Characters a JSON string may hold raw that a terminal would still act on (JSON escapes the C0 ones). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).padStart(width, '0');

/** Shows each unsafe character as a visible escape (`\x1b`, `\u202e`); tabs and newlines stay. */
export function neutralizeControls(text: string): string {
  return text.replace(UNSAFE, (c) => (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** JSON text with the characters above written as `\uXXXX` escapes: the same value, safe to print. */
export function terminalSafeJson(jsonText: string): string {
  return jsonText.replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
