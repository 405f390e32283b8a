/**
 * The search picker's state, without VS Code: what was typed, the mode, the answer and what the picker
 * shows (title, rows, busy). It searches as the user types, and again while an index run progresses and
 * when one ends, so an open picker never shows stale results or a stale title (issue 14). The VS Code
 * Quick Pick in `searchPicker.ts` only renders `view` and forwards events.
 */
import { correctionNote } from '../../core/search/spelling';
import { CancellationSource, type CancellationToken } from '../../core/cancellation';
import { errorMessage, isCancelled } from '../../core/errors';
import { isEmptyScope, type SearchScope } from '../../core/search/searchScope';
import type { SearchMode } from '../../core/types';
import { Emitter, type Event } from '../../shared/lifecycle';
import type { FolderResult, SearchAnswer } from '../../shared/protocol';
import { indexStateLine, lexicalOnlyNote } from '../format/indexState';
import { presentResult, type ResultPresentation } from '../format/resultPresentation';
import type { EngineState, FolderSnapshot } from '../format/statusSummary';
import type { Scheduler } from '../../shared/scheduler';
import { parseQuery, scopeText, type ParsedQuery } from './searchQuery';
import { definedProps } from '../../core/definedProps';

export type Row =
  | { kind: 'result'; result: FolderResult; presentation: ResultPresentation }
  | { kind: 'message'; icon: string; label: string; detail?: string; action?: 'reindex' | 'showLog' };

export interface PickerView {
  title: string;
  rows: Row[];
  busy: boolean;
}

export interface SearchParams {
  query: string;
  k: number;
  mode: SearchMode;
  folderIds?: string[];
  scope?: SearchScope;
}

export interface SessionFolder extends FolderSnapshot {
  id: string;
}

export interface SearchSessionPorts {
  search(params: SearchParams, token: CancellationToken): Promise<SearchAnswer>;
  engine(): { state: EngineState; folders: readonly SessionFolder[] };
  settings(): { searchMode: SearchMode; maxResults: number };
  scheduler: Scheduler;
}

export const TITLE = 'codeloupe: Search Code';
/** Quiet time after a keystroke before searching. */
export const TYPING_DELAY_MS = 200;
/** While an index run goes on, an open picker searches again at most this often. */
export const LIVE_INTERVAL_MS = 1500;
/** After a run ended, the picker searches again this soon. */
export const AFTER_RUN_MS = 100;

interface Answered {
  value: string;
  parsed: ParsedQuery;
  params: SearchParams;
  mode: SearchMode;
  answer: SearchAnswer;
}

export class SearchSession {
  private value = '';
  /** The mode toggle: the other of the setting's mode and keywords only. */
  private toggled: boolean;
  private answered: Answered | undefined;
  private failure: { value: string; message: string } | undefined;
  private running: CancellationSource | undefined;
  private sequence = 0;
  private readonly timers = new Map<'typing' | 'live' | 'finished', unknown>();
  private readonly changed = new Emitter<PickerView>();
  private disposed = false;

  /** The view changed: render it. */
  readonly onDidChange: Event<PickerView> = this.changed.event;

  constructor(
    private readonly ports: SearchSessionPorts,
    initial: { value?: string; toggled?: boolean } = {},
  ) {
    this.toggled = initial.toggled ?? false;
    if (initial.value) {
      this.value = initial.value;
      this.run();
    }
  }

  get query(): string {
    return this.value;
  }

  get isToggled(): boolean {
    return this.toggled;
  }

  /** The last search that answered, with what it was asked (for the results view's "Search Again"). */
  get lastSearch(): { params: SearchParams; answer: SearchAnswer } | undefined {
    return this.answered && { params: this.answered.params, answer: this.answered.answer };
  }

  /** The mode searches use now. */
  get mode(): SearchMode {
    const setting = this.ports.settings().searchMode;
    if (!this.toggled) return setting;
    return setting === 'lexical' ? 'hybrid' : 'lexical';
  }

  get view(): PickerView {
    const { state, folders } = this.ports.engine();
    const line = indexStateLine(state, folders);
    const parsed = parseQuery(this.value);
    const busy = this.running !== undefined;
    const modeTag = this.mode === 'lexical' ? ' (keywords only)' : this.mode === 'semantic' ? ' (meaning only)' : '';
    const scope = scopeText(parsed);
    const base = `${TITLE}${modeTag}${scope ? ` · in ${scope}` : ''}`;
    if (parsed.text === '') {
      const rows: Row[] = [{ kind: 'message', icon: line.icon, label: line.label, ...definedProps({ detail: line.detail }), ...(line.action && { action: line.action }) }];
      return { title: line.building ? `${base} — ${line.label.toLowerCase()}` : base, rows, busy };
    }
    if (this.failure?.value === this.value) {
      return { title: base, rows: [{ kind: 'message', icon: 'error', label: 'Search failed', detail: this.failure.message, action: 'showLog' }], busy };
    }
    const unknown = this.unknownFolders(parsed, folders);
    if (unknown.length > 0) {
      const names = folders.map((f) => f.name).join(', ');
      return { title: base, rows: [{ kind: 'message', icon: 'warning', label: `No workspace folder named ${unknown.join(', ')}`, detail: `Folders: ${names}` }], busy: false };
    }
    const a = this.answered;
    if (!a || a.value !== this.value) return { title: base, rows: a ? this.rowsOf(a, folders, line.chunks, line.label) : [], busy };
    const lexicalFolders = a.answer.lexicalOnly.flatMap((l) => folders.find((f) => f.id === l.folderId) ?? []);
    const status = lexicalFolders.length > 0 ? ` — ${lexicalOnlyNote(lexicalFolders)}` : line.building ? ` — ${line.label.toLowerCase()}` : '';
    const note = a.answer.corrected ? `${status} — ${correctionNote(a.answer.corrected)}` : status;
    return { title: `${base}${note}`, rows: this.rowsOf(a, folders, line.chunks, line.label), busy };
  }

  /** The user typed: search once typing pauses. */
  setValue(value: string): void {
    if (value === this.value) return;
    this.value = value;
    this.clear('live');
    this.schedule('typing', TYPING_DELAY_MS);
    if (parseQuery(value).text === '') {
      this.cancelRunning();
      this.clear('typing');
    }
    this.fire();
  }

  /** Hybrid (or the setting's mode) ⇄ keywords only; searches again. */
  toggleMode(): void {
    this.toggled = !this.toggled;
    this.run();
  }

  /** The engine's state changed (progress, status): the title follows, and while a run indexes, results too. */
  engineChanged(): void {
    const { folders } = this.ports.engine();
    const building = folders.some((f) => f.status?.activity.state === 'indexing');
    if (building && parseQuery(this.value).text !== '' && !this.timers.has('live')) this.schedule('live', LIVE_INTERVAL_MS);
    this.fire();
  }

  /** An index run ended: what it added or removed shows at once. */
  runFinished(): void {
    if (parseQuery(this.value).text === '') return this.fire();
    this.clear('live');
    this.schedule('finished', AFTER_RUN_MS);
  }

  /** Searches now (Enter on a stale answer, a mode change, a refresh). */
  run(): void {
    for (const slot of [...this.timers.keys()]) this.clear(slot);
    void this.search();
  }

  dispose(): void {
    this.disposed = true;
    for (const slot of [...this.timers.keys()]) this.clear(slot);
    this.cancelRunning();
    this.changed.dispose();
  }

  private async search(): Promise<void> {
    this.cancelRunning();
    const value = this.value;
    const parsed = parseQuery(value);
    if (parsed.text === '' || this.disposed) {
      this.fire();
      return;
    }
    const { folders } = this.ports.engine();
    if (this.unknownFolders(parsed, folders).length > 0) {
      this.fire();
      return;
    }
    const source = (this.running = new CancellationSource());
    const mine = ++this.sequence;
    const mode = this.mode;
    this.fire();
    try {
      const folderIds = parsed.folders.length > 0 ? folders.filter((f) => parsed.folders.some((n) => n.toLowerCase() === f.name.toLowerCase())).map((f) => f.id) : undefined;
      const params: SearchParams = { query: parsed.text, k: this.ports.settings().maxResults, mode, ...(folderIds && { folderIds }), ...(!isEmptyScope(parsed.scope) && { scope: parsed.scope }) };
      const answer = await this.ports.search(params, source.token);
      if (mine !== this.sequence) return;
      this.answered = { value, parsed, params, mode, answer };
      this.failure = undefined;
    } catch (err) {
      if (isCancelled(err) || mine !== this.sequence) return;
      this.failure = { value, message: errorMessage(err) };
    } finally {
      if (mine === this.sequence) {
        this.running = undefined;
        this.fire();
      }
    }
  }

  private rowsOf(a: Answered, folders: readonly SessionFolder[], chunks: number, stateLabel: string): Row[] {
    if (a.answer.results.length === 0) {
      const scoped = !isEmptyScope(a.parsed.scope) || a.parsed.folders.length > 0;
      const detail = chunks === 0 ? stateLabel : scoped ? `Nothing in ${scopeText(a.parsed)}; remove the scope to search everywhere.` : 'Try other words, or fewer of them.';
      return [{ kind: 'message', icon: 'circle-slash', label: `No matches for “${a.parsed.text}”`, detail }];
    }
    const multiRoot = folders.length > 1;
    const lexicalIds = new Set(a.answer.lexicalOnly.map((l) => l.folderId));
    return a.answer.results.map((result) => {
      const folderName = multiRoot ? folders.find((f) => f.id === result.folderId)?.name : undefined;
      const showWhy = a.mode === 'hybrid' && !lexicalIds.has(result.folderId);
      return { kind: 'result', result, presentation: presentResult(result, { showWhy, ...definedProps({ folderName }) }) };
    });
  }

  private unknownFolders(parsed: ParsedQuery, folders: readonly SessionFolder[]): string[] {
    return parsed.folders.filter((n) => !folders.some((f) => f.name.toLowerCase() === n.toLowerCase()));
  }

  private schedule(slot: 'typing' | 'live' | 'finished', ms: number): void {
    this.clear(slot);
    this.timers.set(
      slot,
      this.ports.scheduler.setTimeout(() => {
        this.timers.delete(slot);
        // A live refresh never cancels a search under way (a query waits for the embedder while it indexes).
        if (slot === 'live' && this.running) return;
        void this.search();
      }, ms),
    );
  }

  private clear(slot: 'typing' | 'live' | 'finished'): void {
    if (!this.timers.has(slot)) return;
    this.ports.scheduler.clearTimeout(this.timers.get(slot));
    this.timers.delete(slot);
  }

  private cancelRunning(): void {
    this.running?.cancel();
    this.running = undefined;
    this.sequence++;
  }

  private fire(): void {
    if (!this.disposed) this.changed.fire(this.view);
  }
}
