import { Parser } from 'web-tree-sitter';
import { type CancellationToken, throwIfCancelled } from '../cancellation';
import { CodeloupeError, errorMessage, isCancelled } from '../errors';
import type { CodeUnit } from '../types';
import { fileUnit } from './fileUnit';
import { namedBlocks, uncoveredRanges } from './gaps';
import { LanguageRegistry } from './languageRegistry';
import type { LanguageRules } from './languageRules';
import { LANGUAGES } from './languages';
import { parseSource } from './parseSource';
import { isBlank, SourceText } from './sourceText';
import { walkSyntaxTree } from './syntaxWalker';
import { checkGrammarDir, defaultGrammarDir, GrammarCache, initTreeSitter } from './treeSitterRuntime';
import { blockUnits, type FileContext, unitsOfDraft } from './unitBuilder';
import type { WalkResult } from './unitDraft';
import type { TokenBudget } from './splitLines';

/** Bump whenever the units made from the same text change, so that stored chunks are recomputed. */
export const CHUNKER_VERSION = 4;

/** A parse that takes longer than this is given up and the file is chunked by lines. */
export const DEFAULT_PARSE_TIMEOUT_MS = 10_000;

/**
 * The token budget every unit's `text` must fit (`maxTokens` counted by the embedding model's tokenizer;
 * tests may pass an estimate such as `t => Math.ceil(t.length / 4)`), and a token to cancel by.
 */
export interface ChunkOptions extends TokenBudget {
  token?: CancellationToken;
}

/** How a file was chunked: by its syntax tree, or by lines because it has no grammar or did not parse. */
export type ParseStatus = 'parsed' | 'no-grammar' | 'parse-failed';

export interface ChunkOutcome {
  units: CodeUnit[];
  language: string;
  status: ParseStatus;
  /** Why a file with a grammar was chunked by lines. */
  error?: string;
}

export interface ChunkerOptions {
  /** Folder of the `tree-sitter-<lang>.wasm` grammars; default: the installed `@vscode/tree-sitter-wasm`. */
  grammarDir?: string;
  parseTimeoutMs?: number;
}

const KIND_ORDER = { file: 0, class: 1, function: 2, method: 3, block: 4 } as const;

/** The file unit, then by position; an enclosing unit before what it encloses. */
function byPosition(a: CodeUnit, b: CodeUnit): number {
  return (
    Number(b.kind === 'file') - Number(a.kind === 'file') ||
    a.startLine - b.startLine ||
    b.endLine - a.endLine ||
    (a.window?.unitStartLine ?? 0) - (b.window?.unitStartLine ?? 0) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.window?.index ?? 0) - (b.window?.index ?? 0)
  );
}

function checkOptions(options: ChunkOptions): void {
  if (!Number.isFinite(options.maxTokens) || options.maxTokens < 1) {
    throw new CodeloupeError('E_BAD_ARGUMENT', `The chunk token budget must be a positive number, not ${options.maxTokens}.`, {
      hint: "Pass the embedding model's maximum sequence length as maxTokens.",
    });
  }
}

/**
 * Cuts source files into searchable units with tree-sitter: functions, methods, classes, one file unit, and
 * block windows over code no unit shows. Files without a grammar, or that do not parse, get line windows.
 */
export class Chunker {
  private readonly registry = new LanguageRegistry(LANGUAGES);
  private disposed = false;

  private constructor(
    private readonly parser: Parser,
    private readonly grammars: GrammarCache,
    private readonly parseTimeoutMs: number,
  ) {}

  static async create(options: ChunkerOptions = {}): Promise<Chunker> {
    const dir = options.grammarDir ?? defaultGrammarDir();
    checkGrammarDir(dir, LANGUAGES[0].grammar);
    await initTreeSitter();
    return new Chunker(new Parser(), new GrammarCache(dir), options.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS);
  }

  /** The language id of a path that has a grammar ('typescript', 'python', ...), else undefined. */
  languageOf(path: string): string | undefined {
    return this.registry.forPath(path)?.id;
  }

  /**
   * The units of one file: the file unit first, then by position. Never throws for any text;
   * throws CancelledError when `options.token` is cancelled, and CodeloupeError for a bad budget.
   */
  async chunk(file: { path: string; text: string }, options: ChunkOptions, token: CancellationToken | undefined = options.token): Promise<ChunkOutcome> {
    options = token === options.token ? options : { ...options, token };
    checkOptions(options);
    if (this.disposed) throw new CodeloupeError('E_INTERNAL', `The chunker was used after dispose() (chunking ${file.path}).`);
    throwIfCancelled(options.token);
    const rules = this.registry.forPath(file.path);
    const source = new SourceText(file.text);
    const budget: TokenBudget = options;
    if (rules === undefined) {
      return this.byLines({ path: file.path, language: this.registry.plainLanguageOf(file.path), source, budget }, 'no-grammar');
    }
    const context: FileContext = { path: file.path, language: rules.id, source, budget };
    let failure: string;
    try {
      const walk = await this.walk(rules, source, options.token);
      throwIfCancelled(options.token);
      if (!('failed' in walk)) return { units: this.byTree(context, walk).sort(byPosition), language: rules.id, status: 'parsed' };
      failure = walk.failed;
    } catch (err) {
      if (isCancelled(err)) throw err;
      failure = errorMessage(err);
    }
    return this.byLines(context, 'parse-failed', failure);
  }

  /** Loads the grammars of these paths' languages now (each at most once), so that chunking them does not wait. */
  async prepare(paths: readonly string[]): Promise<void> {
    const grammars = new Set(paths.flatMap((p) => this.registry.forPath(p)?.spec.grammar ?? []));
    await Promise.all([...grammars].map((g) => this.grammars.load(g)));
  }

  /** Frees the parser; the chunker cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.parser.delete();
  }

  /** Parses and walks; the tree is freed before returning, only plain data leaves. */
  private async walk(rules: LanguageRules, source: SourceText, token: CancellationToken | undefined): Promise<WalkResult | { failed: string }> {
    const language = await this.grammars.load(rules.spec.grammar);
    throwIfCancelled(token);
    if (this.disposed) throw new CodeloupeError('E_INTERNAL', 'The chunker was disposed while a grammar loaded.');
    const parsed = parseSource(this.parser, language, source.text, { timeoutMs: this.parseTimeoutMs, ...(token === undefined ? {} : { token }) });
    if (!parsed.ok) return { failed: parsed.reason };
    try {
      return walkSyntaxTree(parsed.tree.rootNode, rules, source);
    } finally {
      parsed.tree.delete();
    }
  }

  private byTree(context: FileContext, walk: WalkResult): CodeUnit[] {
    const declarations = walk.drafts.filter((d) => d.topLevel).map((d) => d.signature);
    const units = [fileUnit(context, { doc: walk.fileDoc, imports: [...walk.imports, ...walk.namespaces], declarations })];
    for (const draft of walk.drafts) units.push(...unitsOfDraft(context, draft));
    const base = units[0]!.name.split('/').pop() ?? units[0]!.name;
    for (const gap of uncoveredRanges(context.source, walk.drafts, walk.triviaRows)) {
      for (const block of namedBlocks(context.source, gap, walk.labels)) units.push(...blockUnits(context, block.range, block.name ?? `${base} (code)`));
    }
    return units;
  }

  private byLines(context: FileContext, status: ParseStatus, error?: string): ChunkOutcome {
    const { source } = context;
    const units = [fileUnit(context, undefined)];
    // A short file that the file unit already shows whole needs no block repeating it.
    if (units[0]!.fields.body === source.lines.filter((l) => !isBlank(l)).join('\n')) {
      return { units, language: context.language, status, ...(error === undefined ? {} : { error }) };
    }
    let from = 0;
    let to = source.lineCount - 1;
    while (from <= to && isBlank(source.row(from))) from++;
    while (to >= from && isBlank(source.row(to))) to--;
    if (from <= to) units.push(...blockUnits(context, { from, to }));
    return { units: units.sort(byPosition), language: context.language, status, ...(error === undefined ? {} : { error }) };
  }
}
