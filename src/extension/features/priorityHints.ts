import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import { Debouncer } from '../util/debouncer';
import { openByFolder, RecentFiles } from '../util/recentFiles';

/** Editor events come in bursts (typing, switching tabs); the engine hears of them at most this often. */
const SEND_DELAY_MS = 1000;

/**
 * Tells the engine what the user looks at, so that its background embedding does those files first: the
 * open editors (the active one first) and the files recently opened or edited, per folder. Saved files
 * need nothing here: the engine embeds what a save re-indexed before anything else.
 */
export function registerPriorityHints(engine: EngineService): vscode.Disposable {
  const recent = new RecentFiles();
  const send = () => {
    const uris = [vscode.window.activeTextEditor?.document.uri, ...vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri : undefined)))];
    const open = openByFolder(uris.flatMap((uri) => {
      const located = uri && engine.locate(uri);
      return located ? [{ folderId: located.folder.id, path: located.path }] : [];
    }));
    for (const folder of engine.folders()) {
      if (!folder.status) continue;
      engine.request('priorities', { folderId: folder.id, open: open.get(folder.id) ?? [], recent: recent.of(folder.id) }).catch(() => undefined);
    }
  };
  const debouncer = new Debouncer<void>(SEND_DELAY_MS, send);
  const touch = (uri: vscode.Uri) => {
    const located = engine.locate(uri);
    if (!located) return;
    recent.touch(located.folder.id, located.path);
    debouncer.trigger();
  };
  for (const doc of vscode.workspace.textDocuments) touch(doc.uri);
  return vscode.Disposable.from(
    debouncer,
    vscode.workspace.onDidOpenTextDocument((doc) => touch(doc.uri)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) touch(e.document.uri);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && touch(editor.document.uri)),
    vscode.window.tabGroups.onDidChangeTabs(() => debouncer.trigger()),
    // A (re)opened engine starts without hints.
    engine.onDidOpenFolder(() => debouncer.trigger()),
  );
}
