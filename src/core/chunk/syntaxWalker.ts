import type { Node } from 'web-tree-sitter';
import { classSummaryRows } from './classSummary';
import { commentText, docstringText, MAX_DOC_CHARS } from './docText';
import type { LanguageRules } from './languageRules';
import type { SourceText } from './sourceText';
import { docstringOf, findBody, firstRow, lastRow, leadingOf, nameOf, outerOf, receiverOf } from './syntaxNodes';
import type { BlockLabel, RowRange, UnitDraft, WalkResult } from './unitDraft';

/** Name of a definition that has none (`export default function () {}`). */
export const ANONYMOUS = '<anonymous>';
/** Scopes nest this deep at most; deeper ones (garbage, generated code) are left to the block windows. */
const MAX_NESTING = 64;
const MAX_SIGNATURE_CHARS = 600;
const MAX_IMPORT_CHARS = 200;
/** A file doc this short is shown whole by the file unit, so it needs no block (the file unit shows 6 lines). */
const MAX_FILE_DOC_TRIVIA_ROWS = 6;

/** An enclosing class-like container. */
interface Scope {
  name: string;
  header: RowRange;
}

/** A label names at most this much of a declaration (`module.exports.handlers`). */
const MAX_LABEL_NAME_CHARS = 80;

/** What a block label says of a value, from its node type in any grammar. */
function valueKind(type: string): string | undefined {
  if (/object|dictionary|hash|struct_expression|composite_literal/.test(type)) return 'object';
  if (/array|list|tuple|slice/.test(type)) return 'array';
  if (/string|template|heredoc/.test(type)) return 'string';
  if (/number|integer|float/.test(type)) return 'number';
  return undefined;
}

/** `'G'` → `G`: a quoted key names what the quotes hold. */
function unquoted(name: string): string {
  return /^(["'`]).*\1$/s.test(name) ? name.slice(1, -1) : name;
}

function oneLine(text: string, max: number): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, max);
}

/**
 * Walks a syntax tree the language table's way: top-level statements, through transparent scopes
 * (namespaces, exports, declarations), into class-like containers, never into functions.
 */
export function walkSyntaxTree(root: Node, rules: LanguageRules, source: SourceText): WalkResult {
  const walker = new SyntaxWalker(rules, source);
  walker.visitChildren(root, [], 0);
  return walker.finish(root);
}

class SyntaxWalker {
  private readonly drafts: UnitDraft[] = [];
  private readonly imports: string[] = [];
  private readonly namespaces: string[] = [];
  private readonly triviaRows: RowRange[] = [];
  private readonly labels: BlockLabel[] = [];

  constructor(
    private readonly rules: LanguageRules,
    private readonly source: SourceText,
  ) {}

  visitChildren(node: Node, scopes: readonly Scope[], depth: number): void {
    if (depth > MAX_NESTING) return;
    for (const child of node.namedChildren) {
      const role = this.rules.roleOf(child, scopes.length === 0, this.source.text);
      if (role !== 'function' && role !== 'class' && role !== 'import') this.addDeclaration(child, scopes, depth);
      if (role === 'function') this.addFunction(child, scopes);
      else if (role === 'class') this.addClass(child, scopes, depth);
      else if (role === 'import') this.addImport(child);
      else if (role === 'transparent') {
        if (this.rules.isNamespace(child.type)) this.addNamespace(child);
        this.visitChildren(child, scopes, depth + 1);
      }
    }
  }

  finish(root: Node): WalkResult {
    // Go methods and C++ `A::m` definitions sit outside their type: give them its header when it is here.
    const headers = new Map<string, RowRange>();
    for (const d of this.drafts) if (d.kind === 'class' && d.topLevel && !headers.has(d.name)) headers.set(d.name, d.header);
    for (const d of this.drafts) {
      const header = d.container === undefined ? undefined : headers.get(d.container);
      if (d.kind === 'method' && d.context.length === 0 && header !== undefined) d.context = [header];
    }
    this.drafts.sort((a, b) => a.range.from - b.range.from || b.range.to - a.range.to);
    const fileDoc = this.fileDoc(root);
    if (fileDoc.rows !== undefined && fileDoc.rows.to - fileDoc.rows.from < MAX_FILE_DOC_TRIVIA_ROWS) this.triviaRows.push(fileDoc.rows);
    return { drafts: this.drafts, imports: this.imports, namespaces: this.namespaces, triviaRows: this.triviaRows, labels: this.labels, fileDoc: fileDoc.text };
  }

  private addFunction(node: Node, scopes: readonly Scope[]): void {
    const body = findBody(node, this.rules);
    if (body === null || this.rules.isHollow(body)) return; // a declaration without code: its container's summary lists it
    const d = this.describe(node, body);
    const container = scopes.at(-1)?.name ?? d.scope ?? receiverOf(node, this.rules);
    this.drafts.push({
      kind: container === undefined ? 'function' : 'method',
      name: d.name,
      ...(container === undefined ? {} : { container }),
      context: scopes.map((s) => s.header),
      range: d.range,
      header: d.header,
      signature: d.signature,
      doc: d.doc,
      topLevel: scopes.length === 0,
    });
  }

  private addClass(node: Node, scopes: readonly Scope[], depth: number): void {
    const body = findBody(node, this.rules);
    if (body === null && this.rules.classNeedsBody(node.type)) return; // `struct stat st;` uses a type
    const d = this.describe(node, body);
    const container = scopes.at(-1)?.name;
    const summaryRows =
      body === null
        ? undefined
        : classSummaryRows({ range: d.range, header: d.header, outer: d.outer, body, docstring: d.docstring }, this.rules, this.source);
    this.drafts.push({
      kind: 'class',
      name: d.name,
      ...(container === undefined ? {} : { container }),
      context: scopes.map((s) => s.header),
      range: d.range,
      header: d.header,
      signature: d.signature,
      doc: d.doc,
      ...(summaryRows === undefined ? {} : { summaryRows }),
      topLevel: scopes.length === 0,
    });
    if (body !== null) this.visitChildren(body, [...scopes, { name: d.name, header: d.header }], depth + 1);
  }

  /** What functions and classes share: name, extent, signature, doc. */
  private describe(node: Node, body: Node | null) {
    const rules = this.rules;
    const outer = outerOf(node, rules);
    const leading = leadingOf(outer, rules);
    const named = nameOf(node, rules) ?? (outer.equals(node) ? undefined : nameOf(outer, rules));
    const signature = this.signature(outer, body);
    const from = firstRow(outer);
    const header = { from, to: Math.min(lastRow(outer), from + (signature.match(/\n/g)?.length ?? 0)) };
    const docstring = body === null ? undefined : docstringOf(body, rules);
    const docs = leading.filter((n) => rules.isComment(n.type)).map((n) => commentText(this.textOf(n)));
    if (docstring !== undefined) docs.push(docstringText(this.textOf(docstring)));
    return {
      name: named?.name ?? ANONYMOUS,
      scope: named?.scope,
      outer,
      range: { from: leading.length > 0 ? firstRow(leading[0]) : from, to: lastRow(outer) },
      header,
      signature,
      doc: docs.filter((t) => t !== '').join('\n').slice(0, MAX_DOC_CHARS),
      docstring,
    };
  }

  /** From the definition's first character (wrappers included) to where its body starts. */
  private signature(outer: Node, body: Node | null): string {
    const text = this.source.text;
    if (body === null || body.startIndex <= outer.startIndex) {
      const firstLine = this.source.row(firstRow(outer));
      return body === null && lastRow(outer) - firstRow(outer) < 3 ? this.textOf(outer).trim().slice(0, MAX_SIGNATURE_CHARS) : firstLine.trim();
    }
    return text.slice(outer.startIndex, Math.min(body.startIndex, outer.startIndex + MAX_SIGNATURE_CHARS)).replace(/\r\n/g, '\n').trimEnd();
  }

  /**
   * A named value that is no unit (`const locales = {...}`, `router.get(...)`): its lines are labelled with
   * its name, for the blocks they end up in. An object literal value is a scope: its function-valued
   * members are methods of it (`formatters.G`), its other members labelled in turn.
   */
  private addDeclaration(node: Node, scopes: readonly Scope[], depth: number): void {
    const declaration = this.rules.declarationOf(node);
    if (declaration === undefined) return;
    const own = oneLine(unquoted(this.textOf(declaration.name)), MAX_LABEL_NAME_CHARS);
    if (own === '') return;
    const scope = scopes.at(-1);
    const name = scope === undefined ? own : `${scope.name}.${own}`;
    const value = declaration.value;
    const outer = outerOf(node, this.rules);
    const leading = leadingOf(outer, this.rules);
    // Go wraps a value in an expression list (`var x = map[...]...`): the kind is that of the one value.
    const shown = value !== null && value.type === 'expression_list' && value.namedChildCount === 1 ? value.namedChild(0) : value;
    const kind = value === null ? 'call' : valueKind(shown?.type ?? '');
    this.labels.push({ range: { from: firstRow(leading[0] ?? outer), to: lastRow(outer) }, name: kind === undefined ? name : `${name} (${kind})` });
    if (value !== null && this.rules.isObject(value.type) && depth < MAX_NESTING) {
      this.visitChildren(value, [...scopes, { name, header: { from: firstRow(outer), to: firstRow(value) } }], depth + 1);
    }
  }

  private addImport(node: Node): void {
    this.imports.push(oneLine(this.source.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 4 * MAX_IMPORT_CHARS)), MAX_IMPORT_CHARS));
    // Comments right above an import (`// eslint-disable-next-line`) go with it.
    const leading = leadingOf(node, this.rules);
    this.triviaRows.push({ from: firstRow(leading[0] ?? node), to: lastRow(node) });
  }

  /**
   * A namespace's first line goes to the file unit; its header (up to its body's opening line) and closing
   * line are trivia, as is all of `namespace X;`.
   */
  private addNamespace(node: Node): void {
    this.namespaces.push(oneLine(this.source.row(firstRow(node)), MAX_IMPORT_CHARS));
    const body = node.childForFieldName('body');
    if (body === null) {
      this.triviaRows.push({ from: firstRow(node), to: firstRow(node) });
      return;
    }
    this.triviaRows.push({ from: firstRow(node), to: firstRow(body) }, { from: lastRow(node), to: lastRow(node) });
  }

  /**
   * The comment block at the very top (unless it documents the definition right below it) and the
   * module docstring, with the rows they span.
   */
  private fileDoc(root: Node): { text: string; rows?: RowRange } {
    const parts: string[] = [];
    let first = -1;
    let last = -1;
    for (const child of root.namedChildren) {
      if (!this.rules.isComment(child.type)) {
        if (parts.length > 0 && firstRow(child) === last + 1) parts.length = 0;
        break;
      }
      const text = this.textOf(child);
      if (text.startsWith('#!')) continue;
      if (parts.length > 0 && firstRow(child) > last + 1) break;
      if (parts.length === 0) first = firstRow(child);
      parts.push(commentText(text));
      last = lastRow(child);
    }
    const docstring = docstringOf(root, this.rules);
    if (docstring !== undefined) {
      if (parts.length === 0) first = firstRow(docstring);
      parts.push(docstringText(this.textOf(docstring)));
      last = lastRow(docstring);
    }
    const text = parts.filter((t) => t !== '').join('\n').slice(0, MAX_DOC_CHARS);
    return text === '' ? { text } : { text, rows: { from: first, to: last } };
  }

  private textOf(node: Node): string {
    return this.source.text.slice(node.startIndex, node.endIndex);
  }
}
