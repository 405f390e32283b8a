import * as vscode from 'vscode';
import { CancellationSource } from '../../core/cancellation';
import { CodeloupeError, errorMessage, isCancelled } from '../../core/errors';
import type { SimilarTarget } from '../../shared/protocol';
import type { EngineService } from '../engine/engineService';
import { location } from '../format/resultPresentation';
import type { SettingsSource } from '../settings/vscodeSettings';
import { openResult } from './openResult';
import { FIND_SIMILAR_BUTTON, messageItem, resultItems, type ResultItem } from './resultItems';

/** codeloupe.findSimilar from the editor: the selection, or the function or class at the cursor. */
export async function findSimilarFromEditor(engine: EngineService, settings: SettingsSource): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('codeloupe: open a file and put the cursor in a function or class to find similar code.');
    return;
  }
  const located = engine.locate(editor.document.uri);
  const selection = editor.selection;
  if (!selection.isEmpty) {
    await showSimilar(engine, settings, { code: editor.document.getText(selection) }, 'the selection');
    return;
  }
  if (!located) {
    void vscode.window.showInformationMessage('codeloupe: this file is not in an indexed workspace folder. Select some code to search for code like it.');
    return;
  }
  await findSimilarAt(engine, settings, { folderId: located.folder.id, file: located.path, line: selection.active.line + 1 });
}

export function findSimilarAt(engine: EngineService, settings: SettingsSource, target: { folderId: string; file: string; line: number }): Promise<void> {
  return showSimilar(engine, settings, target, `${target.file}:${target.line}`);
}

async function showSimilar(engine: EngineService, settings: SettingsSource, target: SimilarTarget, what: string): Promise<void> {
  const picker = vscode.window.createQuickPick<ResultItem>();
  const source = new CancellationSource();
  picker.title = `codeloupe: Code Similar to ${what}`;
  picker.placeholder = 'Filter the similar code found';
  picker.matchOnDescription = true;
  picker.busy = true;
  picker.items = [messageItem('loading~spin', 'Looking for similar code…')];
  const disposables: vscode.Disposable[] = [
    picker,
    picker.onDidAccept(() => {
      const item = picker.selectedItems[0];
      if (!item?.result) return;
      picker.hide();
      void openResult(engine, item.result);
    }),
    picker.onDidTriggerItemButton((e) => {
      if (e.button !== FIND_SIMILAR_BUTTON || !e.item.result) return;
      picker.hide();
      const r = e.item.result;
      void findSimilarAt(engine, settings, { folderId: r.folderId, file: r.file, line: r.startLine });
    }),
  ];
  const done = new Promise<void>((resolve) => disposables.push(picker.onDidHide(() => resolve())));
  picker.show();
  try {
    const answer = await engine.request('similar', { target, k: settings.read().maxResults }, source.token);
    if (answer.query) picker.title = `codeloupe: Code Similar to ${answer.query.name || answer.query.kind} (${location(answer.query)})`;
    if (answer.mode === 'lexical') picker.title += ' — by shared words (no vectors yet)';
    picker.items =
      answer.results.length > 0
        ? resultItems(answer.results, engine, { showScore: answer.mode === 'semantic' })
        : [messageItem('circle-slash', 'No similar code found elsewhere in the workspace')];
  } catch (err) {
    if (!isCancelled(err)) {
      const notIndexed = err instanceof CodeloupeError && err.code === 'E_BAD_ARGUMENT';
      picker.items = [messageItem(notIndexed ? 'info' : 'error', notIndexed ? 'Nothing indexed here yet' : 'Find similar failed', errorMessage(err))];
    }
  } finally {
    picker.busy = false;
  }
  await done;
  source.cancel();
  for (const d of disposables) d.dispose();
}
