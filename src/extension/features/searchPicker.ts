import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import type { SettingsSource } from '../settings/settingsSource';
import { realScheduler } from '../../shared/scheduler';
import { SearchSession, type PickerView, type Row } from '../search/searchSession';
import type { ResultsView } from './resultsView';
import type { ResultOpener } from './resultOpener';
import { findSimilarAt } from './similarPicker';
import { definedProps } from '../../core/definedProps';

/** What the pickers need from the extension. */
export interface PickerContext {
  engine: EngineService;
  settings: SettingsSource;
  opener: ResultOpener;
  results: ResultsView;
  /** workspaceState: the last query and mode. */
  memory: vscode.Memento;
}

interface Item extends vscode.QuickPickItem {
  row: Row;
}

const LAST_QUERY = 'codeloupe.search.last';
const SIDE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('split-horizontal'), tooltip: 'Open to the Side' };
export const SIMILAR_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('references'), tooltip: 'Find Similar Code' };
const PLACEHOLDER = 'Describe what the code does, or type names; narrow with lang:py path:src/ folder:name';

/**
 * codeloupe.search: a Quick Pick that searches as the user types and keeps its results and title in step
 * with indexing (SearchSession holds the state). Arrowing previews the result in the editor; Escape goes
 * back to where the user was. Buttons: open to the side, find similar (with Back), keywords only.
 */
export async function searchCode(ctx: PickerContext, initial?: { value: string; toggled: boolean }): Promise<void> {
  const { engine, settings, opener } = ctx;
  const picker = vscode.window.createQuickPick<Item>();
  picker.placeholder = PLACEHOLDER;
  picker.matchOnDescription = false;
  picker.matchOnDetail = false;
  picker.keepScrollPosition = true;
  const remembered = initial ?? startValue(ctx.memory);
  const session = new SearchSession(
    {
      search: (params, token) => engine.request('search', params, token),
      engine: () => ({ state: engine.state, folders: engine.folders() }),
      settings: () => settings.read(),
      scheduler: realScheduler,
    },
    remembered,
  );
  const before = opener.snapshot();
  let accepted = false;
  // New items make VS Code activate rows by itself (the first, then the one kept): only the user's arrowing previews.
  const automatic = new Set<Item>();
  let shownRows: Row[] = [];

  const render = (view: PickerView) => {
    picker.title = view.title;
    picker.busy = view.busy;
    picker.buttons = [modeButton(session.isToggled, settings.read().searchMode)];
    if (view.rows === shownRows || sameRows(view.rows, shownRows)) return;
    shownRows = view.rows;
    const active = picker.activeItems[0]?.row;
    const items = view.rows.map(toItem);
    automatic.clear();
    if (items[0]) automatic.add(items[0]);
    picker.items = items;
    const again = active && items.find((i) => sameRow(i.row, active));
    if (again) {
      automatic.add(again);
      picker.activeItems = [again];
    }
  };

  const disposables: vscode.Disposable[] = [
    picker,
    { dispose: () => session.dispose() },
    session.onDidChange(render),
    engine.onDidChange(() => session.engineChanged()),
    engine.onDidFinishRun(() => session.runFinished()),
    picker.onDidChangeValue((value) => session.setValue(value)),
    picker.onDidTriggerButton(() => session.toggleMode()),
    picker.onDidChangeActive((items) => {
      const item = items[0];
      // An event about rows replaced since (the answer changed meanwhile) is not the user's either.
      if (!item || automatic.has(item) || !picker.items.includes(item)) return;
      automatic.clear();
      if (item.row.kind === 'result') void opener.open(item.row.result, { preview: true });
    }),
    picker.onDidAccept(() => {
      const row = picker.selectedItems[0]?.row ?? picker.activeItems[0]?.row;
      if (!row) return;
      if (row.kind === 'message') {
        if (row.action) {
          accepted = true;
          picker.hide();
          void vscode.commands.executeCommand(row.action === 'reindex' ? 'codeloupe.reindex' : 'codeloupe.showLog');
        }
        return;
      }
      accepted = true;
      picker.hide();
      void opener.open(row.result);
    }),
    picker.onDidTriggerItemButton((e) => {
      const row = e.item.row;
      if (row.kind !== 'result') return;
      if (e.button === SIDE_BUTTON) {
        accepted = true;
        picker.hide();
        void opener.open(row.result, { side: true });
        return;
      }
      accepted = true;
      picker.hide();
      const back = { value: session.query, toggled: session.isToggled };
      void findSimilarAt(ctx, { folderId: row.result.folderId, file: row.result.file, line: row.result.startLine }, () => void searchCode(ctx, back));
    }),
  ];
  const done = new Promise<void>((resolve) => disposables.push(picker.onDidHide(() => resolve())));
  picker.value = session.query;
  render(session.view);
  picker.show();
  await done;
  if (!accepted) await opener.restore(before);
  const kept = session.lastSearch;
  if (kept && kept.answer.results.length > 0) {
    const { params, answer } = kept;
    void ctx.results.show({ kind: 'search', query: params.query, mode: params.mode, k: params.k, ...(params.folderIds && { folderIds: params.folderIds }), ...(params.scope && { scope: params.scope }), results: answer.results });
  }
  await ctx.memory.update(LAST_QUERY, { value: session.query, toggled: session.isToggled });
  for (const d of disposables) d.dispose();
}

/** The editor's single-line selection, else the last query of this workspace. */
function startValue(memory: vscode.Memento): { value: string; toggled: boolean } {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty && editor.selection.isSingleLine ? editor.document.getText(editor.selection).trim() : '';
  const last = memory.get<{ value?: unknown; toggled?: unknown }>(LAST_QUERY);
  const toggled = last?.toggled === true;
  if (selected !== '' && selected.length <= 100) return { value: selected, toggled };
  return { value: typeof last?.value === 'string' ? last.value : '', toggled };
}

function modeButton(toggled: boolean, setting: string): vscode.QuickInputButton {
  const lexicalNow = toggled ? setting !== 'lexical' : setting === 'lexical';
  return lexicalNow
    ? { iconPath: new vscode.ThemeIcon('whole-word'), tooltip: 'Keywords only: click to search by meaning and keywords' }
    : { iconPath: new vscode.ThemeIcon('sparkle'), tooltip: 'By meaning and keywords: click to search by keywords only' };
}

function toItem(row: Row): Item {
  if (row.kind === 'message') return { row, label: row.label, iconPath: new vscode.ThemeIcon(row.icon), alwaysShow: true, ...definedProps({ detail: row.detail }) };
  const p = row.presentation;
  return { row, label: p.label, iconPath: new vscode.ThemeIcon(p.icon), description: p.description, detail: p.detail, alwaysShow: true, buttons: [SIDE_BUTTON, SIMILAR_BUTTON] };
}

function sameRow(a: Row, b: Row): boolean {
  if (a.kind === 'result' && b.kind === 'result') return a.result.folderId === b.result.folderId && a.result.file === b.result.file && a.result.startLine === b.result.startLine;
  return a.kind === 'message' && b.kind === 'message' && a.label === b.label;
}

function sameRows(a: readonly Row[], b: readonly Row[]): boolean {
  return a.length === b.length && a.every((row, i) => sameRow(row, b[i]!) && JSON.stringify(row) === JSON.stringify(b[i]));
}
