import type { Node } from 'web-tree-sitter';
import type { LanguageRules } from './languageRules';
import type { SourceText } from './sourceText';
import { findBody, firstRow, lastRow, leadingOf, nameOf } from './syntaxNodes';
import type { RowRange } from './unitDraft';

/** A line that only closes the class: `}`, `};`, `end`. */
const CLOSING_LINE = /^(?:[)}\];,]+|end)[;,)]*$/;
/** Transparent member groups (`#ifdef` in a class, Java enum bodies) are looked into this deep. */
const MAX_GROUP_DEPTH = 3;

export interface ClassShape {
  /** The class with its leading comments. */
  range: RowRange;
  /** Its header rows (from its first row to the end of its signature). */
  header: RowRange;
  /** The class node with its wrappers. */
  outer: Node;
  body: Node;
  docstring: Node | undefined;
}

/** The row that best names a member: its name's row, else its first row. */
function memberRow(member: Node, rules: LanguageRules): number {
  let def = member;
  if (rules.isWrapper(member.type)) def = member.namedChildren.find((c) => rules.isDefinitionLike(c) && !rules.isWrapper(c.type)) ?? member;
  const row = nameOf(def, rules)?.row;
  return row !== undefined && row >= firstRow(def) && row <= lastRow(def) ? row : firstRow(def);
}

/** Whether the walker makes a unit of `member` (which then shows its own doc). */
function makesUnit(member: Node, rules: LanguageRules, text: string): boolean {
  const role = rules.roleOf(member, false, text);
  if (role === 'class') return true;
  if (role === 'function') return findBody(member, rules) !== null;
  return rules.isWrapper(member.type) && member.namedChildren.some((c) => makesUnit(c, rules, text));
}

function addMemberRows(group: Node, shape: ClassShape, rules: LanguageRules, text: string, rows: number[], depth: number): void {
  for (const member of group.namedChildren) {
    if (rules.isLeading(member.type)) continue;
    if (shape.docstring !== undefined && member.equals(shape.docstring)) continue;
    if (rules.isTransparent(member.type) && !rules.isWrapper(member.type) && depth < MAX_GROUP_DEPTH) {
      rows.push(firstRow(member));
      addMemberRows(member, shape, rules, text, rows, depth + 1);
      continue;
    }
    // Fields, properties, enum members and bodiless signatures have no unit of their own: show their doc here.
    if (!makesUnit(member, rules, text)) for (const l of leadingOf(member, rules)) for (let r = firstRow(l); r <= lastRow(l); r++) rows.push(r);
    rows.push(memberRow(member, rules));
  }
}

/**
 * The rows a class unit shows: its doc and header, the docstring, one row per member (the row of its
 * name, so `public void m(int y) {` rather than an annotation above it) with the doc comments of members
 * that have no unit of their own, and the closing line.
 */
export function classSummaryRows(shape: ClassShape, rules: LanguageRules, source: SourceText): number[] {
  const rows: number[] = [];
  for (let r = shape.range.from; r <= shape.header.to; r++) rows.push(r);
  if (shape.docstring !== undefined) for (let r = firstRow(shape.docstring); r <= lastRow(shape.docstring); r++) rows.push(r);
  addMemberRows(shape.body, shape, rules, source.text, rows, 0);
  const last = lastRow(shape.outer);
  if (CLOSING_LINE.test(source.row(last).trim())) rows.push(last);
  return [...new Set(rows)].filter((r) => r >= shape.range.from && r <= shape.range.to).sort((a, b) => a - b);
}
