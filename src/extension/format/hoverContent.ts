/**
 * The similar-code hover's decisions, without VS Code: whether to ask the engine at all, whether the
 * hovered word is the declaration of the unit the engine found, and what the hover lists. Pure.
 */
import type { FolderResult } from '../../shared/protocol';
import { declarationLine } from './openPlan';

export const HOVER_SHOW = ['declaration', 'off'] as const;
export type HoverShow = (typeof HOVER_SHOW)[number];

export interface HoverRequestFacts {
  show: HoverShow;
  /** Unsaved changes: stored vectors and lines no longer match the text. */
  dirty: boolean;
  /** The folder has vectors and a model (the hover never falls back to keywords). */
  hasVectors: boolean;
  /** The word under the pointer, if any. */
  word: string | undefined;
}

/** Whether a hover should ask the engine for similar code. */
export function shouldAskForHover(f: HoverRequestFacts): boolean {
  return f.show !== 'off' && !f.dirty && f.hasVectors && f.word !== undefined && /^[A-Za-z_$][\w$]*$/.test(f.word);
}

/**
 * Whether the pointer is on the unit's name where it is declared: the unit's last name part is the word,
 * and the first line from the unit's start that names it (units start at their doc comment) is the
 * hovered line. Lines are 1-based.
 */
export function isOnDeclaration(unit: { name: string; startLine: number }, word: string, hoveredLine: number, lineAt: (line: number) => string): boolean {
  if (unit.name.split(/[.:#]/).pop() !== word || hoveredLine < unit.startLine) return false;
  return declarationLine({ lineAt }, unit.startLine, hoveredLine + 1, word) === hoveredLine;
}

/** The matches the hover lists (at most `max`), and whether there are more (the "more…" link). */
export function hoverMatches(results: readonly FolderResult[], max: number): { shown: FolderResult[]; more: boolean } {
  return { shown: results.slice(0, max), more: results.length > max };
}
