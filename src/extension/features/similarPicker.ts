import * as vscode from 'vscode';
import { CancellationSource } from '../../core/cancellation';
import { CodeloupeError, errorMessage, isCancelled } from '../../core/errors';
import type { FolderResult, SimilarTarget } from '../../shared/protocol';
import { location, presentResult } from '../format/resultPresentation';
import type { PickerContext } from './searchPicker';
import { definedProps } from '../../core/definedProps';

interface Item extends vscode.QuickPickItem {
  result?: FolderResult;
}

const SIDE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('split-horizontal'), tooltip: 'Open to the Side' };
const SIMILAR_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('references'), tooltip: 'Find Similar Code' };

/** codeloupe.findSimilar from the editor: the selection, or the function or class at the cursor. */
export async function findSimilarFromEditor(ctx: PickerContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('codeloupe: open a file and put the cursor in a function or class to find similar code.');
    return;
  }
  const located = ctx.engine.locate(editor.document.uri);
  const selection = editor.selection;
  if (!selection.isEmpty) {
    await showSimilar(ctx, { code: editor.document.getText(selection) }, 'the selection');
    return;
  }
  if (!located) {
    void vscode.window.showInformationMessage('codeloupe: this file is not in an indexed workspace folder. Select some code to search for code like it.');
    return;
  }
  await findSimilarAt(ctx, { folderId: located.folder.id, file: located.path, line: selection.active.line + 1 });
}

/** Similar code to the unit at a location; `back` (from another picker) shows a Back button that returns there. */
export function findSimilarAt(ctx: PickerContext, target: { folderId: string; file: string; line: number }, back?: () => void): Promise<void> {
  return showSimilar(ctx, target, `${target.file}:${target.line}`, back);
}

async function showSimilar(ctx: PickerContext, target: SimilarTarget, what: string, back?: () => void): Promise<void> {
  const { engine, settings, opener } = ctx;
  const picker = vscode.window.createQuickPick<Item>();
  const source = new CancellationSource();
  picker.title = `codeloupe: Code Similar to ${what}`;
  picker.placeholder = 'Filter the similar code found';
  picker.matchOnDescription = true;
  picker.busy = true;
  picker.buttons = back ? [vscode.QuickInputButtons.Back] : [];
  picker.items = [{ label: 'Looking for similar code…', iconPath: new vscode.ThemeIcon('loading~spin'), alwaysShow: true }];
  const before = opener.snapshot();
  let accepted = false;
  // New items make VS Code activate the first row by itself: only the user's arrowing previews.
  const automatic = new Set<Item>();
  const leave = (then: () => unknown) => {
    accepted = true;
    picker.hide();
    void then();
  };
  const disposables: vscode.Disposable[] = [
    picker,
    picker.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back && back) leave(back);
    }),
    picker.onDidChangeActive((items) => {
      const item = items[0];
      if (!item || automatic.has(item) || !picker.items.includes(item)) return;
      automatic.clear();
      if (item.result) void opener.open(item.result, { preview: true });
    }),
    picker.onDidAccept(() => {
      const result = picker.selectedItems[0]?.result;
      if (result) leave(() => opener.open(result));
    }),
    picker.onDidTriggerItemButton((e) => {
      const r = e.item.result;
      if (!r) return;
      if (e.button === SIDE_BUTTON) leave(() => opener.open(r, { side: true }));
      else leave(() => findSimilarAt(ctx, { folderId: r.folderId, file: r.file, line: r.startLine }, () => void showSimilar(ctx, target, what, back)));
    }),
  ];
  const done = new Promise<void>((resolve) => disposables.push(picker.onDidHide(() => resolve())));
  picker.show();
  const k = settings.read().maxResults;
  try {
    const answer = await engine.request('similar', { target, k }, source.token);
    if (answer.query) picker.title = `codeloupe: Code Similar to ${answer.query.name || answer.query.kind} (${location(answer.query)})`;
    if (answer.mode === 'lexical') picker.title += ' — by shared words (no vectors yet)';
    const multiRoot = engine.folders().length > 1;
    const items: Item[] =
      answer.results.length > 0
        ? answer.results.map((result) => {
            const folderName = multiRoot ? engine.folder(result.folderId)?.name : undefined;
            const p = presentResult(result, { showScore: answer.mode === 'semantic', ...definedProps({ folderName }) });
            return { result, label: p.label, iconPath: new vscode.ThemeIcon(p.icon), description: p.description, detail: p.detail, alwaysShow: true, buttons: [SIDE_BUTTON, SIMILAR_BUTTON] };
          })
        : [{ label: 'No similar code found elsewhere in the workspace', iconPath: new vscode.ThemeIcon('circle-slash'), alwaysShow: true }];
    if (items[0]) automatic.add(items[0]);
    picker.items = items;
    const title = picker.title.replace(/^codeloupe: Code Similar to /, 'similar to ');
    void ctx.results.show({ kind: 'similar', title, target, k, results: answer.results });
  } catch (err) {
    if (!isCancelled(err)) {
      const notIndexed = err instanceof CodeloupeError && err.code === 'E_BAD_ARGUMENT';
      picker.items = [{ label: notIndexed ? 'Nothing indexed here yet' : 'Find similar failed', detail: errorMessage(err), iconPath: new vscode.ThemeIcon(notIndexed ? 'info' : 'error'), alwaysShow: true }];
    }
  } finally {
    picker.busy = false;
  }
  await done;
  source.cancel();
  if (!accepted) await opener.restore(before);
  for (const d of disposables) d.dispose();
}
