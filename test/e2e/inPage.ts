/**
 * Functions that Playwright runs inside the workbench page (it sends their source text, so each one is
 * self-contained). The project compiles without the DOM library; the little of it used here is declared.
 * tsx compiles with esbuild's keepNames, which wraps every named inner function in a `__name()` call that
 * the page does not have: inside these functions, only anonymous callbacks.
 */

interface PageNode {
  textContent: string | null;
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): ArrayLike<PageNode>;
}
declare const document: {
  getElementById(id: string): PageNode | null;
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): ArrayLike<PageNode>;
};
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: { subtree: boolean; childList: boolean; characterData: boolean }): void;
}
declare const window: { __codeloupeStatusTexts?: string[] };

/** The DOM id VS Code gives the status bar item `codeloupe.status` of extension `codeloupe.codeloupe`. */
export const STATUS_ITEM_ID = 'codeloupe.codeloupe.codeloupe.status';

/**
 * Installed before the workbench loads: records every text codeloupe's status bar item shows, in order,
 * so that a state that lasts only a moment (indexing a small workspace) is still seen.
 */
export function recordStatusTexts(id: string): void {
  const seen: string[] = [];
  window.__codeloupeStatusTexts = seen;
  new MutationObserver(() => {
    const text = document.getElementById(id)?.textContent?.trim();
    if (text && seen[seen.length - 1] !== text) seen.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

export function recordedStatusTexts(): string[] {
  return window.__codeloupeStatusTexts ?? [];
}

export function textMatches({ selector, source, flags }: { selector: string; source: string; flags: string }): boolean {
  return new RegExp(source, flags).test(document.querySelector(selector)?.textContent ?? '');
}

/**
 * An editor hover containing `text` is shown and done: every code block in it is highlighted (VS Code
 * first renders them as plain text, and renders the whole hover again when another provider answers),
 * and no provider is still "Loading...".
 */
export function hoverSettled(text: string): boolean {
  const hover = Array.from(document.querySelectorAll('.monaco-hover:not(.hidden)')).find((h) => (h.textContent ?? '').includes(text));
  if (!hover || (hover.textContent ?? '').includes('Loading...')) return false;
  return Array.from(hover.querySelectorAll('[data-code]')).every((block) => block.querySelector('.monaco-tokenized-source') !== null);
}
