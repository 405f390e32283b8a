/**
 * Where the editor goes when a result opens. A whole unit is selected from its first line; a later part
 * of a long unit opens at the unit's declaration with the matching part highlighted and in view (issue 14:
 * the top hit for a long function used to select lines 199–214, not its declaration at 177). Pure.
 */

/** 1-based, inclusive lines. */
export interface LineRange {
  start: number;
  end: number;
}

export interface OpenTarget {
  startLine: number;
  endLine: number;
  /** The unit's name, to find its declaration line below a doc comment. */
  name?: string;
  /** For a part of a long unit: where the unit starts. */
  unitStartLine?: number;
}

export interface OpenPlan {
  /** What is selected (the cursor goes to `start`). */
  selection: LineRange;
  /** The matching part of a long unit, highlighted. */
  highlight?: LineRange;
  /** What must be in view, and where. */
  reveal: LineRange & { at: 'top' | 'center' };
}

export function openPlan(target: OpenTarget, doc: { lineCount: number; lineAt(line: number): string }, visibleLines: number): OpenPlan {
  const clamp = (line: number) => Math.min(Math.max(1, line), doc.lineCount);
  const start = clamp(target.startLine);
  const end = Math.max(start, clamp(target.endLine));
  const unitStart = target.unitStartLine !== undefined ? clamp(target.unitStartLine) : undefined;
  if (unitStart === undefined || unitStart >= start) return { selection: { start, end }, reveal: { start, end, at: 'center' } };
  const declaration = declarationLine(doc, unitStart, start, target.name) ?? unitStart;
  const fits = end - declaration + 1 <= Math.max(1, visibleLines - 2);
  return {
    selection: { start: declaration, end: declaration },
    highlight: { start, end },
    reveal: fits ? { start: declaration, end, at: 'top' } : { start, end, at: 'center' },
  };
}

/** The first line in [from, before) that names the unit and is not a comment (units start at their doc comment). */
export function declarationLine(doc: { lineAt(line: number): string }, from: number, before: number, name: string | undefined): number | undefined {
  const word = name?.split(/[.:#]/).pop();
  if (!word) return undefined;
  const pattern = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  for (let line = from; line < before; line++) {
    const text = doc.lineAt(line).trim();
    if (pattern.test(text) && !/^(\/\/|\/\*|\*|#|--)/.test(text)) return line;
  }
  return undefined;
}
