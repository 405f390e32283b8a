/** Plain data shared by the engine's stages. No behaviour lives here. */

export type UnitKind = 'function' | 'method' | 'class' | 'file' | 'block';

/** Where a unit of code is and what it is: the fields every view of a unit (chunked, stored, found) shares. */
export interface UnitLocation {
  /** Path relative to the indexed folder, '/'-separated. */
  file: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  name: string;
  kind: UnitKind;
}

/**
 * A searchable unit of code: a function, method, class, a file summary, or a line window of a file that
 * has no grammar or failed to parse. Long units are split into windows that point back to the unit.
 */
export interface CodeUnit extends UnitLocation {
  language: string;
  /** The text that is embedded: context header (file, container) plus the code. */
  text: string;
  /** Lexical fields, so that names and signatures can weigh more than bodies. */
  fields: {
    name: string;
    signature: string;
    /** Doc comments and docstrings. */
    doc: string;
    body: string;
  };
  /** sha256 of `text`: identical code anywhere shares one vector. */
  contentHash: string;
  /** Set on windows of a unit that was too long for the model. */
  window?: { index: number; count: number; unitStartLine: number; unitEndLine: number };
  /** The enclosing class / impl / module name for methods. */
  container?: string;
}

/**
 * What says, without reading a file, whether it changed: git's index keeps the same. The ctime and the
 * inode catch what size and mtime miss (`cp -p`, `rsync -a`, `tar x` and `touch -r` restore an old mtime,
 * but the kernel sets ctime to now and an atomic save or checkout makes a new inode).
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** A file found by the scanner, before it is read. */
export interface ScannedFile extends FileStamp {
  /** Relative, '/'-separated. */
  path: string;
  absPath: string;
}

export type SkipReason =
  | 'too-large'
  | 'binary'
  | 'minified'
  | 'not-utf8'
  | 'unreadable'
  | 'generated'
  /** A symbolic link that was not followed: links to directories never are, links to files by option. */
  | 'symlink';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export const SEARCH_MODES = ['hybrid', 'semantic', 'lexical'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

export interface SearchResult extends UnitLocation {
  language: string;
  score: number;
  snippet: string;
  /** The class, impl, module or object literal a method belongs to: show it as `container.name`. */
  container?: string;
  /**
   * Set when the unit is long and was indexed in windows: the result is the window that matched best
   * (`startLine`/`endLine` are its lines), part `index + 1` of `count`.
   */
  window?: { index: number; count: number; /** The first line of the whole unit (where it is declared). */ unitStartLine?: number };
  /**
   * The line of the result's code that holds the most words of the query (1-based, in the file), when the
   * query's words appear in it: what a result list shows as the reason it matched.
   */
  bestLine?: { line: number; text: string };
  /** Which rankers found it, for explanation in the UI. */
  matchedBy: ('semantic' | 'lexical')[];
}
