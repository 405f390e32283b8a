/** Rows `from`..`to`, 0-based and inclusive (tree-sitter rows). */
export interface RowRange {
  from: number;
  to: number;
}

/**
 * A unit found in a syntax tree, before its text is built and split to the token budget. Plain data: it
 * holds no tree nodes, so the tree can be freed as soon as the walk ends.
 */
export interface UnitDraft {
  kind: 'function' | 'method' | 'class';
  name: string;
  /** The enclosing class / impl / module, or the receiver type of a Go method, or `A` of C++ `A::m`. */
  container?: string;
  /** Header rows of the enclosing containers, outermost first: the context shown above a method. */
  context: RowRange[];
  /** The whole extent, leading comments, decorators and attributes included. */
  range: RowRange;
  /** The definition's own header: from its first row (past leading comments) to the end of its signature. */
  header: RowRange;
  signature: string;
  doc: string;
  /** The rows a class unit shows (doc, header, member signatures, closing line); absent: all of `range`. */
  summaryRows?: number[];
  /** Not inside a container (Go methods and C++ `A::m` definitions are top-level). */
  topLevel: boolean;
}

/** Rows that belong to a named value without a unit of its own: they name the blocks they fall into. */
export interface BlockLabel {
  range: RowRange;
  /** `formatDistanceLocale (object)`, `formatters.era (array)`, `router.get (call)`. */
  name: string;
}

/** What a walk of one syntax tree found. */
export interface WalkResult {
  drafts: UnitDraft[];
  /** Import statements, each on one line, in file order. */
  imports: string[];
  /** Header lines of namespaces (`namespace Devices.Sensors`), in file order. */
  namespaces: string[];
  /**
   * Rows never worth a block of their own: imports, namespace headers and closing lines, and the file's
   * doc when the file unit shows all of it.
   */
  triviaRows: RowRange[];
  /** Named values without units of their own, at any depth, in walk order. */
  labels: BlockLabel[];
  /** The comment block or docstring at the top of the file. */
  fileDoc: string;
}
