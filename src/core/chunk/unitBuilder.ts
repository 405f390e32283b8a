import { sha256 } from '../hash';
import type { CodeUnit, UnitKind } from '../types';
import { splitFileName } from './languageRegistry';
import type { SourceLine, SourceText } from './sourceText';
import { compose, splitLines, withinTokens, type LinePiece, type TokenBudget } from './splitLines';
import type { RowRange, UnitDraft } from './unitDraft';

/** Lines a unit window repeats from the window before. */
export const UNIT_OVERLAP_LINES = 3;
/** Block windows (no grammar, parse failed, uncovered code) hold this many lines at most... */
export const BLOCK_LINES = 40;
/** ...and repeat this many from the window before. */
export const BLOCK_OVERLAP_LINES = 5;
/** A context line (a container's header) is cut to this length. */
const MAX_CONTEXT_LINE_CHARS = 200;
/** A container's header shows at most this many lines above its methods. */
const MAX_CONTEXT_LINES_PER_SCOPE = 4;

/** What every unit of one file shares. */
export interface FileContext {
  path: string;
  language: string;
  source: SourceText;
  budget: TokenBudget;
}

function contextLine(text: string): string {
  return text.trimEnd().slice(0, MAX_CONTEXT_LINE_CHARS);
}

/**
 * The context lines above a unit's code: the headers of its containers. No path: the same code in another
 * file (or after a rename) has the same text, hash and vector; only the file unit names the path. A header
 * may take half the budget at most (counts are whole: at most the half rounded down); past that it is left
 * out. Headers are short, so the budget's byte bound mostly decides without counting.
 */
function headerOf(file: FileContext, context: readonly string[]): string {
  const header = context.map(contextLine).join('\n');
  return header === '' || withinTokens(file.budget, header, Math.floor(file.budget.maxTokens / 2)) ? header : '';
}

interface UnitIdentity {
  kind: UnitKind;
  name: string;
  container?: string;
  signature: string;
  doc: string;
}

/**
 * A unit's lexical fields. A member's signature starts with its container's name: `Counter.reset` is
 * found by "reset the counter", as its qualified name would be written.
 */
function makeUnit(file: FileContext, id: UnitIdentity, lines: { start: number; end: number }, text: string, body: string, doc: string): CodeUnit {
  return {
    file: file.path,
    startLine: lines.start,
    endLine: lines.end,
    name: id.name,
    kind: id.kind,
    language: file.language,
    text,
    fields: { name: id.name, signature: id.container === undefined ? id.signature : `${id.container}\n${id.signature}`, doc, body },
    contentHash: sha256(text),
    ...(id.container === undefined ? {} : { container: id.container }),
  };
}

/**
 * One unit, or, when the pieces are several, windows that all carry the unit's identity and point back to
 * its extent. Only the first window carries the doc (it holds the doc's lines).
 */
function unitsOfPieces(file: FileContext, id: UnitIdentity, pieces: LinePiece[], headers: { first: string; rest: string }, extent: { start: number; end: number }): CodeUnit[] {
  if (pieces.length === 1) {
    const p = pieces[0];
    return [makeUnit(file, id, extent, compose(headers.first, p.code), p.code, id.doc)];
  }
  return pieces.map((p, index) => ({
    ...makeUnit(file, id, { start: p.startLine, end: p.endLine }, compose(index === 0 ? headers.first : headers.rest, p.code), p.code, index === 0 ? id.doc : ''),
    window: { index, count: pieces.length, unitStartLine: extent.start, unitEndLine: extent.end },
  }));
}

/** The header lines of the enclosing containers, up to (not into) the unit's own first row. */
function contextRows(source: SourceText, ranges: readonly RowRange[], before: number): string[] {
  const out: string[] = [];
  for (const r of ranges) {
    const last = Math.min(r.to, r.from + MAX_CONTEXT_LINES_PER_SCOPE - 1, before - 1);
    for (let row = r.from; row <= last; row++) out.push(source.row(row));
  }
  return out;
}

/** The units of a function, method or class found in the syntax tree. */
export function unitsOfDraft(file: FileContext, draft: UnitDraft): CodeUnit[] {
  const { source } = file;
  const header = headerOf(file, contextRows(source, draft.context, draft.range.from));
  // Later windows also show the definition's first line, so that each says what it is part of.
  const rest = headerOf(file, [...contextRows(source, draft.context, draft.range.from), source.row(draft.header.from)]) || header;
  const lines: SourceLine[] = draft.summaryRows === undefined ? source.sourceLines(draft.range.from, draft.range.to) : source.pickRows(draft.summaryRows);
  const pieces = splitLines(lines, file.budget, { header, continuationHeader: rest, maxLines: Number.POSITIVE_INFINITY, overlap: UNIT_OVERLAP_LINES });
  const id: UnitIdentity = { kind: draft.kind, name: draft.name, signature: draft.signature, doc: draft.doc, ...(draft.container === undefined ? {} : { container: draft.container }) };
  return unitsOfPieces(file, id, pieces, { first: header, rest }, { start: draft.range.from + 1, end: draft.range.to + 1 });
}

/**
 * One 'block' unit over rows `range`, named `name` (default: the file's base name), in line windows when it
 * is long: at most BLOCK_LINES lines each, BLOCK_OVERLAP_LINES repeated, a line too long for the budget on
 * its own cut into pieces. The windows point back to the block like those of any long unit.
 */
export function blockUnits(file: FileContext, range: RowRange, name?: string): CodeUnit[] {
  const header = headerOf(file, []);
  const pieces = splitLines(file.source.sourceLines(range.from, range.to), file.budget, {
    header,
    continuationHeader: header,
    maxLines: BLOCK_LINES,
    overlap: BLOCK_OVERLAP_LINES,
  });
  if (pieces.length === 0) return [];
  const extent = { start: pieces[0].startLine, end: pieces[pieces.length - 1].endLine };
  const id: UnitIdentity = { kind: 'block', name: name ?? splitFileName(file.path).base, signature: '', doc: '' };
  return unitsOfPieces(file, id, pieces, { first: header, rest: header }, extent);
}
