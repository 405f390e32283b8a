import type { Node } from 'web-tree-sitter';
import type { LanguageRules } from './languageRules';

/** How far below a definition its body may sit (Go `type_spec` > `struct_type` > `field_declaration_list`). */
const BODY_SEARCH_DEPTH = 2;
/** Declarators nest (`*(*f)()`, `a::b::c`); names are never this deep in real code. */
const NAME_SEARCH_DEPTH = 8;

/** First row a node covers (0-based). */
export function firstRow(node: Node): number {
  return node.startPosition.row;
}

/** Last row a node covers (0-based): a node that ends at column 0 ends on the row before (Rust `///` keeps its '\n'). */
export function lastRow(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row - 1 : end.row;
}

/**
 * The node that holds a definition's code or members: its `body` field, or a body-typed node at most
 * BODY_SEARCH_DEPTH levels down (`const f = () => {}`, Go `type T struct {...}`).
 */
export function findBody(node: Node, rules: LanguageRules, depth = BODY_SEARCH_DEPTH): Node | null {
  const field = node.childForFieldName('body');
  if (field !== null) return field;
  if (depth === 0) return null;
  const children = node.namedChildren;
  for (const c of children) if (rules.isBody(c.type)) return c;
  for (const c of children) {
    const found = findBody(c, rules, depth - 1);
    if (found !== null) return found;
  }
  return null;
}

/** Counts the children of `node` that define (or wrap) something the walker makes a unit of. */
function definitionChildren(node: Node, rules: LanguageRules): number {
  let n = 0;
  for (const c of node.namedChildren) if (rules.isDefinitionLike(c)) n++;
  return n;
}

/**
 * The outermost node whose text belongs to `node`: wrappers (export, decorators, templates, Go `type`)
 * around it that wrap nothing else.
 */
export function outerOf(node: Node, rules: LanguageRules): Node {
  let outer = node;
  for (let p = outer.parent; p !== null && rules.isWrapper(p.type) && definitionChildren(p, rules) === 1; p = p.parent) outer = p;
  return outer;
}

/**
 * Comments, decorators and attributes directly above `outer` (no blank line between), top first.
 * A comment that ends the line of the statement before it belongs to that statement.
 */
export function leadingOf(outer: Node, rules: LanguageRules): Node[] {
  const out: Node[] = [];
  let below = outer;
  for (let prev = outer.previousNamedSibling; prev !== null && rules.isLeading(prev.type); prev = prev.previousNamedSibling) {
    if (lastRow(prev) < firstRow(below) - 1) break;
    const before = prev.previousNamedSibling;
    if (before !== null && !rules.isLeading(before.type) && lastRow(before) === firstRow(prev)) break;
    out.unshift(prev);
    below = prev;
  }
  return out;
}

export interface DefinitionName {
  name: string;
  /** `A` in `A::m` (C++ out-of-class definitions). */
  scope?: string;
  /** Row of the name (0-based). */
  row: number;
}

/** A definition's name, following declarators and qualified names down to the identifier. */
export function nameOf(node: Node, rules: LanguageRules): DefinitionName | undefined {
  const assignmentField = rules.assignmentNameField(node);
  const fields = assignmentField !== undefined ? [assignmentField] : (rules.spec.nameFields ?? ['name']);
  let n: Node | null = null;
  for (const f of fields) {
    n = node.childForFieldName(f);
    if (n !== null) break;
  }
  if (n === null) return undefined;
  let scope: string | undefined;
  for (let i = 0; i < NAME_SEARCH_DEPTH; i++) {
    const s = n.childForFieldName('scope');
    if (s !== null) scope = s.text;
    let next: Node | null = n.childForFieldName('declarator') ?? n.childForFieldName('name') ?? n.childForFieldName('property');
    if (next === null && rules.spec.nameWrappers?.includes(n.type) === true) next = n.firstNamedChild;
    if (next === null) break;
    n = next;
  }
  const text = n.text.replace(/\s+/g, ' ').trim();
  // A quoted key (`'G': function () {...}`) is named by what the quotes hold.
  const name = (/^(["'`]).*\1$/.test(text) && n.type.includes('string') ? text.slice(1, -1) : text).slice(0, 200);
  if (name === '') return undefined;
  return scope === undefined ? { name, row: firstRow(n) } : { name, scope, row: firstRow(n) };
}

/** The type a top-level function is a method of (Go receivers), if the language has such a thing. */
export function receiverOf(node: Node, rules: LanguageRules): string | undefined {
  const receiver = rules.spec.receiver;
  if (receiver === undefined) return undefined;
  const field = node.childForFieldName(receiver.field);
  return field?.descendantsOfType(receiver.typeNode)[0]?.text;
}

/** The docstring statement at the top of a body (Python), if any. */
export function docstringOf(body: Node, rules: LanguageRules): Node | undefined {
  const spec = rules.spec.docstring;
  if (spec === undefined) return undefined;
  const first = body.namedChildren.find((c) => !rules.isComment(c.type));
  if (first === undefined || first.type !== spec.statement || first.namedChildCount !== 1) return undefined;
  return first.namedChild(0)?.type === spec.string ? first : undefined;
}
