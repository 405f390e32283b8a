import { Parser, type Node } from 'web-tree-sitter';
import { defaultGrammarDir, GrammarCache, initTreeSitter } from '../../src/core/chunk/treeSitterRuntime';
import { firstSentence, type DocumentedFunction, type StrippedSource } from './docComments';
import { applyEdits, removalSpan, type TextEdit } from './textEdits';

/**
 * Doc comments of Python, Go and Rust sources, read with tree-sitter (the bench's own walk: it shares the
 * parser runtime with the engine, not the engine's idea of what a unit is). For each language: which
 * functions are documented, the first sentence of that documentation, and the source with every doc
 * comment removed (Python docstrings, Go comments outside function bodies, Rust `///` and `//!` lines and doc blocks).
 */

export type DocLanguage = 'python' | 'go' | 'rust';

const GRAMMARS: Record<DocLanguage, string> = { python: 'tree-sitter-python.wasm', go: 'tree-sitter-go.wasm', rust: 'tree-sitter-rust.wasm' };

interface Found {
  name: string;
  /** The documentation, markers removed, lines joined with '\n'. */
  doc: string;
  span: Node;
}

interface LanguageWalk {
  /** Doc comments (or docstrings) to remove. */
  isDocNode(node: Node): boolean;
  /** A documented function at `node`, if it is one. */
  documented(node: Node): Found | undefined;
  /** What replaces a removed doc node (Python: `pass` where the docstring was the whole body). */
  replacement?(node: Node): string | undefined;
}

function descendants(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const c of node.namedChildren) if (c) descendants(c, visit);
}

function docstringText(raw: string): string {
  // A backslash right after the opening quotes continues the line: it is not part of the text.
  const body = raw.replace(/^[rRuUbBfF]{0,2}("""|'''|"|')\\?/, '').replace(/("""|'''|"|')$/, '');
  const lines = body.split('\n');
  const indents = lines.slice(1).filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l, i) => (i === 0 ? l.trim() : l.slice(common))).join('\n').trim();
}

/** The docstring statement of a module, class or function body (Python). */
function docstringStatement(body: Node | null): Node | undefined {
  const first = body?.namedChildren.find((c) => c !== null && c.type !== 'comment');
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return undefined;
  return first.namedChild(0)?.type === 'string' ? first : undefined;
}

const python: LanguageWalk = {
  isDocNode(node) {
    if (node.type !== 'expression_statement') return false;
    const parent = node.parent;
    if (parent === null) return false;
    const owner = parent.type === 'module' ? parent : parent.type === 'block' ? parent.parent : null;
    if (owner === null || !['module', 'function_definition', 'class_definition'].includes(owner.type)) return false;
    return docstringStatement(parent)?.equals(node) === true;
  },
  documented(node) {
    if (node.type !== 'function_definition') return undefined;
    const doc = docstringStatement(node.childForFieldName('body'));
    const name = node.childForFieldName('name')?.text;
    return doc && name ? { name, doc: docstringText(doc.namedChild(0)!.text), span: node } : undefined;
  },
  replacement(node) {
    const body = node.parent;
    const others = body?.namedChildren.filter((c) => c !== null && c.type !== 'comment' && !c.equals(node)) ?? [];
    return body?.type === 'block' && others.length === 0 ? 'pass' : undefined;
  },
};

/** Go: a comment is documentation unless it is inside a function body. */
const go: LanguageWalk = {
  isDocNode(node) {
    if (node.type !== 'comment') return false;
    for (let p = node.parent; p !== null; p = p.parent) if (p.type === 'block') return false;
    return true;
  },
  documented(node) {
    if (node.type !== 'function_declaration' && node.type !== 'method_declaration') return undefined;
    if (node.childForFieldName('body') === null) return undefined;
    const name = node.childForFieldName('name')?.text;
    const lines: string[] = [];
    let below = node;
    for (let prev = node.previousNamedSibling; prev !== null && prev.type === 'comment' && prev.endPosition.row >= below.startPosition.row - 1; prev = prev.previousNamedSibling) {
      lines.unshift(prev.text.replace(/^\/\/ ?/, '').replace(/^\/\*+|\*+\/$/g, ''));
      below = prev;
    }
    if (!name || lines.length === 0) return undefined;
    // Go docs open with the function's name ("Marshal returns..."): a query would match it for free.
    const doc = lines.join('\n').replace(new RegExp(`^(?:(?:A|An|The)\\s+)?${name}\\s+`), '');
    return { name, doc, span: node };
  },
};

function isRustDoc(node: Node): boolean {
  return (node.type === 'line_comment' || node.type === 'block_comment') && node.childForFieldName('doc') !== null;
}

const rust: LanguageWalk = {
  isDocNode: isRustDoc,
  documented(node) {
    if (node.type !== 'function_item' || node.childForFieldName('body') === null) return undefined;
    const name = node.childForFieldName('name')?.text;
    const lines: string[] = [];
    for (let prev = node.previousNamedSibling; prev !== null && (isRustDoc(prev) || prev.type === 'attribute_item'); prev = prev.previousNamedSibling) {
      if (isRustDoc(prev) && prev.childForFieldName('outer') !== null) lines.unshift(prev.childForFieldName('doc')!.text.replace(/\n$/, ''));
    }
    if (!name || lines.length === 0) return undefined;
    const doc = lines.map((l) => l.replace(/^ ?/, '')).join('\n');
    return { name, doc, span: node };
  },
};

const WALKS: Record<DocLanguage, LanguageWalk> = { python, go, rust };

/** Markup the JSDoc cleaner does not know: reST roles (``:func:`x` ``), Markdown intra-doc links (`[`Foo`]`). */
function plainMarkup(doc: string): string {
  return doc
    .replace(/:[a-z]+(?::[a-z]+)?:`/g, '`')
    .replace(/``([^`]+)``/g, '$1')
    .replace(/\[([^\]]+)\](?!\()/g, '$1');
}

/** Parses sources of one language with its tree-sitter grammar; call `dispose` when done. */
export class TreeSitterDocs {
  private constructor(
    private readonly parser: Parser,
    private readonly language: DocLanguage,
  ) {}

  static async create(language: DocLanguage): Promise<TreeSitterDocs> {
    await initTreeSitter();
    const parser = new Parser();
    parser.setLanguage(await new GrammarCache(defaultGrammarDir()).load(GRAMMARS[language]));
    return new TreeSitterDocs(parser, language);
  }

  strip(text: string): StrippedSource {
    const tree = this.parser.parse(text);
    if (tree === null) throw new Error('tree-sitter returned no tree');
    try {
      const walk = WALKS[this.language];
      const edits: TextEdit[] = [];
      const found: Found[] = [];
      descendants(tree.rootNode, (n) => {
        if (walk.isDocNode(n)) {
          const replacement = walk.replacement?.(n);
          edits.push(replacement === undefined ? removalSpan(text, n.startIndex, n.endIndex) : { start: n.startIndex, end: n.endIndex, replacement });
        }
        const f = walk.documented(n);
        if (f) found.push(f);
      });
      const edited = applyEdits(text, edits);
      const functions: DocumentedFunction[] = [];
      for (const f of found) {
        const sentence = firstSentence(plainMarkup(f.doc));
        if (sentence.split(' ').length < 3) continue;
        functions.push({
          name: f.name,
          firstSentence: sentence,
          startLine: edited.lineOf(edited.newOffset(f.span.startIndex)),
          endLine: edited.lineOf(edited.newOffset(Math.max(f.span.startIndex, f.span.endIndex - 1))),
        });
      }
      return { text: edited.text, functions, removedComments: edits.length };
    } finally {
      tree.delete();
    }
  }

  dispose(): void {
    this.parser.delete();
  }
}
