import * as vscode from 'vscode';
import { CancellationSource } from '../../core/cancellation';
import { errorMessage, isCancelled } from '../../core/errors';
import type { EngineService } from '../engine/engineService';
import { indexStateLine, lexicalOnlyNote } from '../format/indexState';
import type { SettingsSource } from '../settings/vscodeSettings';
import { Debouncer } from '../util/debouncer';
import { openResult } from './openResult';
import { FIND_SIMILAR_BUTTON, messageItem, resultItems, type ResultItem } from './resultItems';
import { findSimilarAt } from './similarPicker';

const TYPING_DELAY_MS = 200;

/** codeloupe.search: a Quick Pick that searches as the user types. */
export async function searchCode(engine: EngineService, settings: SettingsSource): Promise<void> {
  const picker = vscode.window.createQuickPick<ResultItem>();
  const disposables: vscode.Disposable[] = [picker];
  picker.title = 'codeloupe: Search Code';
  picker.placeholder = 'Describe what the code does, or type names (e.g. "retry an upload with backoff")';
  picker.matchOnDescription = false;
  picker.matchOnDetail = false;
  let current: CancellationSource | undefined;
  let sequence = 0;

  const showState = () => {
    const state = indexStateLine(engine.state, engine.folders());
    picker.items = [messageItem(state.icon, state.label, state.detail, state.action === 'reindex' ? () => void vscode.commands.executeCommand('codeloupe.reindex') : undefined)];
  };

  const run = async (query: string) => {
    current?.cancel();
    if (query.trim() === '') {
      picker.busy = false;
      showState();
      return;
    }
    const source = (current = new CancellationSource());
    const mine = ++sequence;
    picker.busy = true;
    const { searchMode, maxResults } = settings.read();
    try {
      const answer = await engine.request('search', { query, k: maxResults, mode: searchMode }, source.token);
      if (mine !== sequence) return;
      const state = indexStateLine(engine.state, engine.folders());
      const lexicalFolders = answer.lexicalOnly.flatMap((l) => engine.folder(l.folderId) ?? []);
      const notes = lexicalFolders.length > 0 ? ` — ${lexicalOnlyNote(lexicalFolders)}` : state.building ? ` — ${state.label.toLowerCase()}` : '';
      picker.title = `codeloupe: Search Code${notes}`;
      picker.items =
        answer.results.length > 0
          ? resultItems(answer.results, engine, { showScore: false })
          : [messageItem('circle-slash', `No matches for “${query}”`, state.chunks === 0 ? state.label : 'Try other words, or fewer of them.')];
    } catch (err) {
      if (isCancelled(err) || mine !== sequence) return;
      picker.items = [messageItem('error', 'Search failed', errorMessage(err), () => void vscode.commands.executeCommand('codeloupe.showLog'))];
    } finally {
      if (mine === sequence) picker.busy = false;
    }
  };

  const debouncer = new Debouncer<string>(TYPING_DELAY_MS, (q) => void run(q));
  disposables.push(
    { dispose: () => debouncer.dispose() },
    { dispose: () => current?.cancel() },
    picker.onDidChangeValue((value) => debouncer.trigger(value)),
    picker.onDidAccept(() => {
      const item = picker.selectedItems[0];
      if (!item) return;
      if (item.action) {
        picker.hide();
        item.action();
      } else if (item.result) {
        picker.hide();
        void openResult(engine, item.result);
      }
    }),
    picker.onDidTriggerItemButton((e) => {
      if (e.button !== FIND_SIMILAR_BUTTON || !e.item.result) return;
      picker.hide();
      const r = e.item.result;
      void findSimilarAt(engine, settings, { folderId: r.folderId, file: r.file, line: r.startLine });
    }),
    engine.onDidChange(() => {
      if (picker.value.trim() === '') showState();
    }),
  );
  const done = new Promise<void>((resolve) => disposables.push(picker.onDidHide(() => resolve())));
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty && editor.selection.isSingleLine ? editor.document.getText(editor.selection).trim() : '';
  picker.value = selected.length <= 100 ? selected : '';
  if (picker.value) void run(picker.value);
  else showState();
  picker.show();
  await done;
  for (const d of disposables) d.dispose();
}
