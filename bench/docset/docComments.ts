import ts from 'typescript';
import { applyEdits, removalSpan } from './textEdits';

/**
 * Doc comments of TypeScript/JavaScript sources, read with the TypeScript compiler's own parser: which
 * functions are documented (and the first sentence of their doc), and the source with every doc comment
 * removed so that the indexed copy cannot match a query by its own words.
 */

export interface DocumentedFunction {
  name: string;
  /** First sentence of the doc comment's description, plain text. */
  firstSentence: string;
  /** Lines of the function (without its doc comment) in the STRIPPED text, 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

export interface StrippedSource {
  text: string;
  functions: DocumentedFunction[];
  /** How many doc comments were removed. */
  removedComments: number;
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Every `/** ... *\/` comment in the file, found as leading trivia of the parser's tokens (so never inside strings). */
function docCommentRanges(sf: ts.SourceFile): ts.CommentRange[] {
  const text = sf.text;
  const byPos = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      if (range.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', range.pos) && !text.startsWith('/**/', range.pos)) {
        byPos.set(range.pos, range);
      }
    }
    for (const child of node.getChildren(sf)) visit(child);
  };
  visit(sf);
  return [...byPos.values()].sort((a, b) => a.pos - b.pos);
}

/** Plain text of a JSDoc description: links as their text, no HTML, images, markdown emphasis or extra spaces. */
export function plainDocText(comment: string): string {
  return comment
    .replace(/\{@(?:link|linkcode|linkplain)\s+([^}|\s]+)(?:[|\s]\s*([^}]*))?\}/g, (_m, target: string, label?: string) => (label?.trim() ? label.trim() : target))
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[`*_]{1,3}([^`*_]+)[`*_]{1,3}/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|cf)\.$/i;

/** The first sentence of a description: up to the first '.', '!' or '?' followed by a space (or the first paragraph's end). */
export function firstSentence(description: string): string {
  const paragraph = description.split(/\n\s*\n/)[0] ?? '';
  const text = plainDocText(paragraph);
  const boundary = /[.!?](?=\s|$)/g;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + 1;
    if (ABBREVIATIONS.test(text.slice(0, end))) continue;
    return text.slice(0, end).trim();
  }
  return text;
}

interface FunctionLike {
  name: string;
  /** The node whose JSDoc documents the function (a variable statement for `const f = () => ...`). */
  documented: ts.Node;
  /** The node whose lines are the function. */
  span: ts.Node;
}

function propertyName(name: ts.PropertyName | ts.BindingName | undefined, sf: ts.SourceFile): string | undefined {
  if (!name) return undefined;
  return ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) ? name.text : name.getText(sf);
}

function functionLikes(sf: ts.SourceFile): FunctionLike[] {
  const found: FunctionLike[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.body) {
      const name = propertyName(node.name, sf);
      if (name) found.push({ name, documented: node, span: node });
    } else if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1) {
      const decl = node.declarationList.declarations[0]!;
      const init = decl.initializer;
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
        const name = propertyName(decl.name, sf);
        if (name) found.push({ name, documented: node, span: node });
      }
    } else if (
      (ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    ) {
      const name = propertyName(node.name, sf);
      if (name) found.push({ name, documented: node, span: node });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/**
 * The description of the JSDoc block closest to the node, or undefined when it has none. Libraries that
 * put the description in a tag (date-fns: `@summary`, `@description`) are read through that tag.
 */
function docDescription(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const doc = docs[docs.length - 1];
  if (!doc) return undefined;
  const text = ts.getTextOfJSDocComment(doc.comment);
  if (text && text.trim() !== '') return text;
  for (const tagName of ['description', 'summary']) {
    const tag = doc.tags?.find((t) => t.tagName.text === tagName);
    const tagText = tag && ts.getTextOfJSDocComment(tag.comment);
    if (tagText && tagText.trim() !== '') return tagText;
  }
  return undefined;
}

/**
 * Parses `text`, finds the documented functions (declarations and methods with a body, and function or
 * arrow values bound to a variable, class property or object property) and removes every doc comment. Line numbers of
 * the returned functions refer to the stripped text.
 */
export function stripDocComments(fileName: string, text: string): StrippedSource {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const comments = docCommentRanges(sf);
  const edited = applyEdits(text, comments.map((r) => removalSpan(text, r.pos, r.end)));
  const { newOffset, lineOf } = edited;
  const functions: DocumentedFunction[] = [];
  for (const f of functionLikes(sf)) {
    const description = docDescription(f.documented);
    if (!description) continue;
    const sentence = firstSentence(description);
    if (sentence.split(' ').length < 3) continue;
    functions.push({
      name: f.name,
      firstSentence: sentence,
      startLine: lineOf(newOffset(f.span.getStart(sf))),
      endLine: lineOf(newOffset(Math.max(f.span.getStart(sf), f.span.end - 1))),
    });
  }
  return { text: edited.text, functions, removedComments: comments.length };
}
